"""The Elasticsearch backend without an Elasticsearch server.

The real ``elasticsearch.Elasticsearch`` client is used throughout; only its HTTP layer is
replaced by ``FakeNode``, which records every request (method, path, parameters, JSON body)
and answers from a small table of canned responses. So these tests check what would go over
the wire to a real cluster: index settings and mappings, query bodies, the alias switch of a
rebuild, and how connection failures surface.
"""

import datetime
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from search.backends.base import FACETS, SearchDocument, SearchQuery
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    SearchBackendError,
    SearchBackendUnavailable,
)
from search.es_mapping import (
    COMPOUND_PARTS,
    DEFAULT_SYNONYMS,
    index_body,
    normalize_synonyms,
    template_body,
)
from search.es_queries import MAX_TERMS, build_search, build_suggest, parse_user_query
from search.labels import KIND_LABELS, kind_label

ALIAS = "samverkan-test"
BUILDING = f"{ALIAS}-building"
# title 10, summary and keywords 5, body 2: the proportions of the database backends
TEXT_FIELDS = ["title^5", "summary^2.5", "keywords^2.5", "body", "container_title"]

RESPONSE = json.loads((Path(__file__).parent / "test_elasticsearch_response.json").read_text())
STAMPED = re.compile(rf"^/{ALIAS}-\d{{20}}$")


# -- a fake HTTP layer under the real client ------------------------------------------------


class FakeServer:
    """Records requests and answers with the first matching route (the latest added wins).

    Without a route: HEAD and GET /_alias/… get 404 (no such alias or index), _bulk reports
    every document indexed, anything else gets 200 {"acknowledged": true}.
    """

    def __init__(self):
        self.requests = []
        self.routes = []

    def on(self, method, path, status=200, body=None, error=None):
        self.routes.insert(0, (method, re.compile(path), status, body, error))

    def handle(self, method, target, raw):
        url = urlsplit(target)
        body = None
        if raw:
            text = raw.decode()
            if url.path.endswith("/_bulk"):
                body = [json.loads(line) for line in text.splitlines() if line.strip()]
            else:
                body = json.loads(text)
        request = {"method": method, "path": url.path, "params": dict(parse_qsl(url.query))}
        request["body"] = body
        self.requests.append(request)
        for route_method, pattern, status, response, error in self.routes:
            if route_method == method and pattern.fullmatch(url.path):
                if error is not None:
                    raise error
                return status, response(request) if callable(response) else response
        if method == "HEAD":
            return 404, None
        if method == "GET" and url.path.startswith("/_alias/"):
            return 404, {"error": f"alias [{url.path[8:]}] missing", "status": 404}
        if url.path.endswith("/_bulk"):
            items = [{"index": {"_id": line["index"]["_id"], "status": 201}} for line in body[::2]]
            return 200, {"took": 1, "errors": False, "items": items}
        return 200, {"acknowledged": True}

    def calls(self):
        return [(r["method"], r["path"]) for r in self.requests]


class FakeNode(BaseNode):
    server: FakeServer

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        status, payload = self.server.handle(method, target, body)
        raw = b"" if payload is None or method == "HEAD" else json.dumps(payload).encode()
        headers = HttpHeaders(
            {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
        )
        meta = ApiResponseMeta(
            status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config
        )
        return NodeApiResponse(meta, raw)


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture
def backend(server):
    node_class = type("RecordingNode", (FakeNode,), {"server": server})
    client = Elasticsearch("http://es.test:9200", node_class=node_class, max_retries=0)
    return ElasticsearchBackend(
        url="http://es.test:9200",
        index_prefix=ALIAS,
        synonyms=list(DEFAULT_SYNONYMS),
        client=client,
    )


def doc(key, source=None, **kwargs):
    kwargs.setdefault("kind", "page")
    kwargs.setdefault("title", f"Titel {key}")
    kwargs.setdefault("url", f"/{key}/")
    return SearchDocument(key=key, source=source or key, **kwargs)


def body_of(query):
    search, _parsed, _page = build_search(query)
    return search.to_dict()


def multi_match(text, **extra):
    if extra.get("type") == "phrase":
        return {"multi_match": {"query": text, "fields": TEXT_FIELDS, "type": "phrase"}}
    return {
        "multi_match": {
            "query": text,
            "fields": TEXT_FIELDS,
            "type": "best_fields",
            "operator": "and",
            "tie_breaker": 0.3,
        }
    }


# -- index definition -------------------------------------------------------------------------


def test_analyzer_chains_are_swedish_with_synonyms_at_query_time_only():
    analysis = index_body()["settings"]["analysis"]
    assert analysis["analyzer"] == {
        "swedish_index": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "swedish_folding",
                "swedish_stop",
                "swedish_decompounder",
                "swedish_light_stemmer",
            ],
        },
        "swedish_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "asciifolding",
                "swedish_synonyms",
                "swedish_stop",
                "swedish_light_stemmer",
            ],
        },
        "swedish_spell": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "spell_shingle"],
        },
    }
    filters = analysis["filter"]
    assert filters["swedish_stop"] == {"type": "stop", "stopwords": "_swedish_"}
    assert filters["swedish_light_stemmer"] == {"type": "stemmer", "language": "light_swedish"}
    assert filters["spell_shingle"] == {
        "type": "shingle",
        "min_shingle_size": 2,
        "max_shingle_size": 3,
    }


def test_default_synonyms_cover_the_abbreviations_and_english_words_of_the_domain():
    synonyms = index_body()["settings"]["analysis"]["filter"]["swedish_synonyms"]
    assert synonyms["type"] == "synonym_graph" and synonyms["lenient"] is True
    assert synonyms["synonyms"][:7] == [
        "RÖK, regional överenskommelse",
        "LÖK, lokal överenskommelse",
        "SFI, svenska för invandrare",
        "ABO, anläggningsboende",
        "AF, Arbetsförmedlingen",
        "FK, Försäkringskassan",
        "MV, Migrationsverket",
    ]
    for rule in (
        "refugee, flykting",
        "regional agreement, regional överenskommelse",
        "settlement quota, kommuntal",
    ):
        assert rule in synonyms["synonyms"]


def test_decompounder_knows_the_compound_parts_of_the_domain():
    decompounder = index_body()["settings"]["analysis"]["filter"]["swedish_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert decompounder["only_longest_match"] is False
    for part in (
        "flykting",
        "kvot",
        "mottagande",
        "överenskommelse",
        "kommun",
        "samverkan",
        "etablering",
        "bosättning",
        "arbetsmarknad",
        "integration",
        "språk",
        "kafé",
    ):
        assert part in decompounder["word_list"]
    assert decompounder["word_list"][: len(COMPOUND_PARTS)] == list(COMPOUND_PARTS)
    assert "anlaggning" in decompounder["word_list"]  # and each folded, as people type


def test_synonyms_from_the_admin_replace_the_defaults_in_the_index_settings(backend):
    backend.synonyms = [
        "SO = samhällsorientering",
        "# a comment",
        "",
        "SFI, svenska för invandrare",
    ]
    filters = backend.index_definition()["settings"]["analysis"]["filter"]
    assert filters["swedish_synonyms"]["synonyms"] == [
        "SO, samhällsorientering",
        "SFI, svenska för invandrare",
    ]


@pytest.mark.django_db
def test_without_a_list_the_index_takes_the_synonyms_staff_edit_in_the_admin():
    from search.models import Synonym

    Synonym.objects.create(term="SO", equivalents="samhällsorientering, samhällskunskap")
    backend = ElasticsearchBackend(url="http://es.test:9200", index_prefix=ALIAS)
    rules = backend.index_definition()["settings"]["analysis"]["filter"]["swedish_synonyms"]
    assert "SO, samhällsorientering, samhällskunskap" in rules["synonyms"]
    assert any(rule.startswith("RÖK, regional överenskommelse") for rule in rules["synonyms"])


def test_without_a_database_the_index_falls_back_to_the_default_synonyms():
    backend = ElasticsearchBackend(url="http://es.test:9200", index_prefix=ALIAS)
    rules = backend.index_definition()["settings"]["analysis"]["filter"]["swedish_synonyms"]
    assert rules["synonyms"] == list(DEFAULT_SYNONYMS)


def test_synonym_lines_are_normalised_and_junk_cannot_break_the_index():
    assert normalize_synonyms(
        [
            "RÖK = regional överenskommelse",
            "rök, regional överenskommelse",  # a duplicate in other case
            "kvotflykting => flykting",
            'AF, "Arbetsförmedlingen" (myndighet)\x00',
            "bara ett ord",
            " , ",
            "=> tomt",
        ]
    ) == [
        "RÖK, regional överenskommelse",
        "kvotflykting => flykting",
        "AF, Arbetsförmedlingen myndighet",
    ]


def test_mapping_fields_and_types():
    mappings = index_body()["mappings"]
    assert mappings["dynamic"] == "strict"
    swedish = {"type": "text", "analyzer": "swedish_index", "search_analyzer": "swedish_search"}
    assert mappings["properties"] == {
        "key": {"type": "keyword"},
        "source": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "title": {
            **swedish,
            "copy_to": "spell",
            "fields": {
                "raw": {"type": "keyword", "ignore_above": 256},
                "suggest": {"type": "search_as_you_type", "analyzer": "simple"},
            },
        },
        "summary": {**swedish, "copy_to": "spell"},
        "keywords": {**swedish, "copy_to": "spell"},
        "body": {**swedish, "copy_to": "spell", "index_options": "offsets"},
        "spell": {"type": "text", "analyzer": "swedish_spell"},
        "url": {"type": "keyword", "index": False},
        "date": {"type": "date", "format": "strict_date"},
        "year": {"type": "integer"},
        "county_codes": {"type": "keyword"},
        "municipality_codes": {"type": "keyword"},
        "target_groups": {"type": "keyword"},
        "tags": {"type": "keyword"},
        "language": {"type": "keyword"},
        "page_number": {"type": "integer"},
        "container_title": swedish,
        "expires_at": {"type": "date"},
    }


def test_index_template_matches_stamped_indices_and_outranks_shorter_prefixes():
    template = template_body(ALIAS)
    assert template["index_patterns"] == [f"{ALIAS}-*"]
    assert template["priority"] > template_body("samverkan")["priority"]
    assert template["template"] == index_body()


# -- query bodies -----------------------------------------------------------------------------


def test_one_word_is_a_boosted_multi_match():
    body = body_of(SearchQuery(text="kvotflykting"))
    assert body["query"] == multi_match("kvotflykting")


def test_several_words_must_all_match_or_match_together_for_multi_word_synonyms():
    body = body_of(SearchQuery(text="regional överenskommelse"))
    assert body["query"] == {
        "bool": {
            "should": [
                {"bool": {"must": [multi_match("regional"), multi_match("överenskommelse")]}},
                multi_match("regional överenskommelse"),
            ],
            "minimum_should_match": 1,
        }
    }


def test_quoted_text_is_a_phrase_query():
    body = body_of(SearchQuery(text='"svenska för invandrare"'))
    assert body["query"] == multi_match("svenska för invandrare", type="phrase")


def test_unbalanced_quote_runs_to_the_end_as_a_phrase():
    body = body_of(SearchQuery(text='sfi "lokal överenskommelse'))
    assert body["query"] == {
        "bool": {"must": [multi_match("sfi"), multi_match("lokal överenskommelse", type="phrase")]}
    }


def test_or_between_terms_becomes_a_should_clause():
    body = body_of(SearchQuery(text='kvot OR "anläggningsboende"'))
    assert body["query"] == {
        "bool": {
            "should": [multi_match("kvot"), multi_match("anläggningsboende")],
            "minimum_should_match": 1,
        }
    }


ADMIN_SYNONYMS = {
    "språkträff": [("språkcafé",)],
    "lök": [("lokal", "överenskommelse")],
    "lokal överenskommelse": [("lök",)],
}


def test_synonyms_edited_in_the_admin_are_alternatives_at_query_time():
    search, _parsed, _page = build_search(SearchQuery(text="Språkträff"), synonyms=ADMIN_SYNONYMS)
    assert search.to_dict()["query"] == {
        "bool": {
            # the shared parser lowercases, as the analyzer would
            "should": [multi_match("språkträff"), multi_match("språkcafé")],
            "minimum_should_match": 1,
        }
    }


def test_admin_synonyms_expand_phrases_and_words_typed_out_together():
    def query(text):
        search, _parsed, _page = build_search(SearchQuery(text=text), synonyms=ADMIN_SYNONYMS)
        return search.to_dict()["query"]

    assert query("lokal överenskommelse") == {
        "bool": {
            "should": [
                {"bool": {"must": [multi_match("lokal"), multi_match("överenskommelse")]}},
                multi_match("lokal överenskommelse"),
                multi_match("lök"),
            ],
            "minimum_should_match": 1,
        }
    }
    assert query('"Lokal  överenskommelse"') == {
        "bool": {
            "should": [multi_match("lokal överenskommelse", type="phrase"), multi_match("lök")],
            "minimum_should_match": 1,
        }
    }


def test_admin_synonyms_join_the_alternatives_of_an_or_group():
    search, _parsed, _page = build_search(
        SearchQuery(text="kvot OR språkträff"), synonyms=ADMIN_SYNONYMS
    )
    assert search.to_dict()["query"] == {
        "bool": {
            "should": [multi_match("kvot"), multi_match("språkträff"), multi_match("språkcafé")],
            "minimum_should_match": 1,
        }
    }


@pytest.mark.django_db
def test_search_expands_with_the_synonyms_in_the_database(backend, server):
    from search.models import Synonym

    Synonym.objects.create(term="språkträff", equivalents="språkcafé")
    server.on("POST", f"/{ALIAS}/_search", body=RESPONSE)
    backend.search(SearchQuery(text="språkträff"))
    assert multi_match("språkcafé") in server.requests[0]["body"]["query"]["bool"]["should"]


def test_lowercase_or_is_just_a_word():
    body = body_of(SearchQuery(text="kvot or anläggningsboende"))
    assert body["query"]["bool"]["should"][1] == multi_match("kvot or anläggningsboende")


def test_a_leading_or_has_nothing_to_join_and_is_dropped():
    assert body_of(SearchQuery(text="OR kvot"))["query"] == multi_match("kvot")


def test_minus_excludes_words_and_phrases():
    body = body_of(SearchQuery(text='språkkafé -leksand -"digital kompetens"'))
    assert body["query"] == {
        "bool": {
            "must": [multi_match("språkkafé")],
            "must_not": [
                multi_match("leksand"),
                multi_match("digital kompetens", type="phrase"),
            ],
        }
    }


@pytest.mark.parametrize("text", ["", "   ", "-leksand", '!!! ... "" - & | * < >', "\x00\x01"])
def test_nothing_to_look_for_finds_nothing_without_asking_elasticsearch(backend, server, text):
    """Like the database backend: no words to find means no hits, not every document."""
    assert body_of(SearchQuery(text=text))["query"] == {"match_none": {}}
    results = backend.search(SearchQuery(text=text, filters={"county": ["20"]}))
    assert (results.total, results.hits, results.did_you_mean) == (0, [], None)
    assert results.facets == {name: [] for name in FACETS}
    assert server.requests == []


def test_lucene_syntax_and_control_characters_stay_plain_text():
    body = body_of(SearchQuery(text="title:rök AND (sfi\x00\x07 OR\u200b fk~2"))
    dumped = json.dumps(body)
    assert "query_string" not in dumped
    assert "\\u0000" not in dumped and "\\u0007" not in dumped and "\\u200b" not in dumped
    parsed = parse_user_query("title:rök AND (sfi\x00\x07 OR fk~2")
    # the shared parser: punctuation splits words, AND is just "and", OR joins alternatives
    assert [[t.text for t in group] for group in parsed.groups] == [
        ["title"],
        ["rök"],
        ["sfi", "fk"],
        ["2"],
    ]


def test_the_operators_people_type_are_read_as_meant():
    """``&`` is "and", ``|`` is OR and ``!`` excludes, as on the database backend."""
    body = body_of(SearchQuery(text="kvotflyktingar & !ukraina"))
    assert body["query"] == {
        "bool": {"must": [multi_match("kvotflyktingar")], "must_not": [multi_match("ukraina")]}
    }
    parsed = parse_user_query("kvot | abo")
    assert [[t.text for t in group] for group in parsed.groups] == [["kvot", "abo"]]


def test_a_very_long_text_is_cut_to_a_bounded_number_of_terms():
    parsed = parse_user_query("ord " * 5000)
    assert sum(len(group) for group in parsed.groups) == MAX_TERMS


FILTER_CASES = [
    ("kind", "kind", ["event"], ["event"]),
    ("county", "county_codes", ["20", "03"], ["20", "03"]),
    ("municipality", "municipality_codes", ["2029"], ["2029"]),
    ("year", "year", ["2024"], [2024]),
    ("target_group", "target_groups", ["kvotflyktingar"], ["kvotflyktingar"]),
    ("tag", "tags", ["språkkafé"], ["språkkafé"]),
]


# Every read leaves out expired content, whether or not the scheduler has run: expires_at
# missing or in the future.
UNEXPIRED = {
    "bool": {
        "should": [
            {"bool": {"must_not": [{"exists": {"field": "expires_at"}}]}},
            {"range": {"expires_at": {"gt": "now"}}},
        ],
        "minimum_should_match": 1,
    }
}


def test_unexpired_is_a_range_filter_on_expires_at():
    from search.es_queries import unexpired

    assert unexpired().to_dict() == UNEXPIRED


@pytest.mark.parametrize(("facet", "field", "values", "expected"), FILTER_CASES)
def test_each_filter_narrows_the_hits_and_every_facet_but_its_own(facet, field, values, expected):
    """Disjunctive facets: the query scores the text only; the filter (with the expiry check)
    narrows the hits in post_filter and every other facet's aggregation, while the facet's
    own aggregation counts without it, so each of its values counts what its click gives."""
    body = body_of(SearchQuery(text="kvot", filters={facet: values}))
    if facet == "county":
        expected = [*expected, "00"]  # a county filter keeps national content
    term = {"terms": {field: expected}}
    assert body["query"] == multi_match("kvot")
    assert body["post_filter"] == {"bool": {"filter": [UNEXPIRED, term]}}
    assert body["aggs"][facet]["filter"] == {"bool": {"filter": [UNEXPIRED]}}
    assert body["aggs"][facet]["aggs"]["values"]["terms"]["field"] == field
    for other in FACETS:
        if other != facet:
            assert body["aggs"][other]["filter"] == {"bool": {"filter": [UNEXPIRED, term]}}


def test_national_content_is_kept_under_a_county_filter_and_can_be_chosen_alone():
    body = body_of(SearchQuery(text="kvot", filters={"county": ["00"]}))
    assert body["post_filter"]["bool"]["filter"][1] == {"terms": {"county_codes": ["00"]}}
    assert ElasticsearchBackend.document_body(doc("page:1"))["county_codes"] == ["00"]
    assert ElasticsearchBackend.document_body(doc("page:2", county_codes=["20"]))[
        "county_codes"
    ] == ["20"]


def test_two_filters_each_facet_counts_under_the_other():
    body = body_of(SearchQuery(text="kvot", filters={"county": ["20"], "kind": ["event"]}))
    county, kind = {"terms": {"county_codes": ["20", "00"]}}, {"terms": {"kind": ["event"]}}
    assert body["query"] == multi_match("kvot")
    assert body["post_filter"] == {"bool": {"filter": [UNEXPIRED, kind, county]}}
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [UNEXPIRED, county]}}
    assert body["aggs"]["county"]["filter"] == {"bool": {"filter": [UNEXPIRED, kind]}}
    assert body["aggs"]["year"]["filter"] == {"bool": {"filter": [UNEXPIRED, kind, county]}}


def test_junk_filter_values_never_reach_elasticsearch_as_errors():
    body = body_of(
        SearchQuery(
            text="kvot", filters={"year": ["20x4", "-1", "99999"], "colour": ["blå"], "tag": [""]}
        )
    )
    assert body["post_filter"]["bool"]["filter"] == [
        UNEXPIRED,
        {"terms": {"year": []}},
        {"terms": {"tags": []}},
    ]
    assert "colour" not in json.dumps(body)


FACET_TERMS = {
    "kind": {"terms": {"field": "kind", "size": 20}},
    "county": {"terms": {"field": "county_codes", "size": 30}},
    "municipality": {"terms": {"field": "municipality_codes", "size": 300}},
    "year": {"terms": {"field": "year", "size": 50, "order": {"_key": "desc"}}},
    "target_group": {"terms": {"field": "target_groups", "size": 50}},
    "tag": {"terms": {"field": "tags", "size": 50}},
}


def test_every_facet_is_a_terms_aggregation_under_the_expiry_check():
    body = body_of(SearchQuery(text="kvot"))
    sources = {"sources": {"cardinality": {"field": "source"}}}
    assert body["aggs"] == {
        **{
            name: {
                "filter": {"bool": {"filter": [UNEXPIRED]}},
                "aggs": {"values": {**terms, "aggs": sources}},
            }
            for name, terms in FACET_TERMS.items()
        },
        "sources": {
            "filter": {"bool": {"filter": [UNEXPIRED]}},
            "aggs": {"count": {"cardinality": {"field": "source"}}},
        },
    }
    assert body["post_filter"] == {"bool": {"filter": [UNEXPIRED]}}


def test_pages_of_one_document_collapse_into_one_hit_counted_once():
    body = body_of(SearchQuery(text="kvot", filters={"kind": ["document"]}))
    assert body["collapse"] == {"field": "source", "inner_hits": {"name": "pages", "size": 0}}
    assert body["aggs"]["sources"]["filter"]["bool"]["filter"][1] == {
        "terms": {"kind": ["document"]}
    }
    backend = ElasticsearchBackend(url="", index_prefix=ALIAS)
    response = {
        "hits": {
            "total": {"value": 5, "relation": "eq"},
            "hits": [
                {
                    "_id": "document:7:4",
                    "_score": 2.0,
                    "_source": {"key": "document:7:4", "kind": "document", "title": "PDF"},
                    "inner_hits": {"pages": {"hits": {"total": {"value": 4}, "hits": []}}},
                }
            ],
        },
        "aggregations": {"sources": {"doc_count": 5, "count": {"value": 2}}},
    }
    results = backend.parse_response(SearchQuery(text="kvot"), response)
    assert results.total == 2
    assert results.hits[0].more_pages == 3


def test_highlight_marks_matches_in_escaped_body_and_summary_fragments():
    body = body_of(SearchQuery(text="kvot"))
    fragment = {"fragment_size": 240, "number_of_fragments": 1, "no_match_size": 240}
    assert body["highlight"] == {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "order": "score",
        "max_analyzed_offset": 999_999,
        "fields": {"body": fragment, "summary": fragment},
    }
    assert body["_source"] == {"excludes": ["body"]}
    assert body["track_total_hits"] is True


def test_relevance_sort_breaks_ties_by_newest_then_key():
    body = body_of(SearchQuery(text="kvot"))
    assert body["sort"] == [
        "_score",
        {"date": {"order": "desc", "missing": "_last"}},
        {"key": "asc"},
    ]
    assert "track_scores" not in body


def test_date_sort_puts_newest_first_and_keeps_scores():
    body = body_of(SearchQuery(text="kvot", sort="date"))
    assert body["sort"] == [
        {"date": {"order": "desc", "missing": "_last"}},
        "_score",
        {"key": "asc"},
    ]
    assert body["track_scores"] is True


@pytest.mark.parametrize(
    ("page", "per_page", "expected_from", "expected_size"),
    [
        (1, 20, 0, 20),
        (3, 10, 20, 10),
        (0, 20, 0, 20),
        (-1, 20, 0, 20),
        ("junk", 20, 0, 20),
        (2, 10**6, 100, 100),
        (500, 20, 9980, 20),
        (501, 20, 0, 0),
        (10**9, 20, 0, 0),
    ],
)
def test_pagination_is_bounded(page, per_page, expected_from, expected_size):
    body = body_of(SearchQuery(text="kvot", page=page, per_page=per_page))
    assert (body["from"], body["size"]) == (expected_from, expected_size)


def test_did_you_mean_asks_a_collated_phrase_suggester():
    body = body_of(SearchQuery(text='kvotflyktinagr "Regional plan" -leksand'))
    assert body["suggest"] == {
        "did_you_mean": {
            "text": "kvotflyktinagr regional plan",
            "phrase": {
                "field": "spell",
                "size": 1,
                "gram_size": 3,
                "max_errors": 2,
                "direct_generator": [
                    {"field": "spell", "suggest_mode": "always", "min_word_length": 3}
                ],
                "collate": {
                    "query": {
                        "source": {
                            "bool": {
                                "must": [
                                    {
                                        "match": {
                                            "spell": {"query": "{{suggestion}}", "operator": "and"}
                                        }
                                    }
                                ],
                                "filter": [UNEXPIRED],  # no word only expired content has
                            }
                        }
                    },
                    "prune": False,
                },
            },
        }
    }


def test_suggest_body_is_search_as_you_type_folded_per_source():
    assert build_suggest("Överensk", limit=5).to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "Överensk",
                            "type": "bool_prefix",
                            "fields": [
                                "title.suggest",
                                "title.suggest._2gram",
                                "title.suggest._3gram",
                            ],
                        }
                    }
                ],
                "filter": [UNEXPIRED],
            }
        },
        "collapse": {"field": "source"},
        "_source": ["key", "kind", "title", "url", "date", "page_number", "container_title"],
        "size": 5,
    }
    assert build_suggest("x", limit=10**6).to_dict()["size"] == 20
    assert build_suggest(" ?! ") is None


# -- talking to the (fake) server ------------------------------------------------------------


@pytest.mark.django_db
def test_search_sends_the_built_body_to_the_alias(backend, server):
    server.on("POST", f"/{ALIAS}/_search", body=RESPONSE)
    query = SearchQuery(text="kvotflyktingar", filters={"county": ["20"]})
    backend.search(query)
    (request,) = server.requests
    assert (request["method"], request["path"]) == ("POST", f"/{ALIAS}/_search")
    assert request["body"] == body_of(query)


def test_first_index_creates_the_index_behind_the_alias_then_replaces_by_source(backend, server):
    backend.index(
        [
            doc("document:7:1", "document:7", kind="document", body="Sidan ett", page_number=1),
            doc("document:7:2", "document:7", kind="document", body="Sidan två", page_number=2),
        ]
    )
    first = f"/{ALIAS}-{'0' * 20}"
    assert server.calls() == [
        ("HEAD", f"/_alias/{ALIAS}"),
        ("PUT", f"/_index_template/{ALIAS}"),
        ("PUT", first),
        ("HEAD", f"/_alias/{BUILDING}"),
        ("PUT", "/_bulk"),
        ("POST", f"/{ALIAS}/_delete_by_query"),
    ]
    template = server.requests[1]["body"]
    assert template["index_patterns"] == [f"{ALIAS}-*"]
    create = server.requests[2]["body"]
    assert create["aliases"] == {ALIAS: {}}
    assert create["mappings"] == index_body()["mappings"]
    assert create["settings"] == index_body()["settings"]
    bulk = server.requests[4]
    assert bulk["params"] == {"refresh": "wait_for", "require_alias": "true"}
    assert bulk["body"][0] == {"index": {"_index": ALIAS, "_id": "document:7:1"}}
    assert bulk["body"][3]["body"] == "Sidan två"
    assert bulk["body"][3]["page_number"] == 2
    # New versions first, then whatever the sources no longer produce: never a gap.
    assert server.requests[5]["body"]["query"] == {
        "bool": {
            "filter": [{"terms": {"source": ["document:7"]}}],
            "must_not": [{"ids": {"values": ["document:7:1", "document:7:2"]}}],
        }
    }
    assert server.requests[5]["params"] == {"conflicts": "proceed", "refresh": "true"}


def test_two_processes_creating_the_first_index_at_once_both_carry_on(backend, server):
    server.on(
        "PUT",
        f"/{ALIAS}-{'0' * 20}",
        status=400,
        body={"error": {"type": "resource_already_exists_exception"}, "status": 400},
    )
    assert backend.index([doc("page:1")]) == 1
    assert ("PUT", "/_bulk") in server.calls()


def test_a_second_index_call_does_not_check_the_alias_again(backend, server):
    server.on("HEAD", f"/_alias/{ALIAS}", status=200)
    backend.index([doc("page:1")])
    backend.index([doc("page:2")])
    assert server.calls().count(("HEAD", f"/_alias/{ALIAS}")) == 1
    assert ("PUT", f"/_index_template/{ALIAS}") not in server.calls()


def test_changes_during_a_rebuild_reach_the_index_being_built_too(backend, server):
    server.on("HEAD", f"/_alias/{ALIAS}", status=200)
    server.on("HEAD", f"/_alias/{BUILDING}", status=200)
    backend.index([doc("page:1")])
    backend.delete_sources(["page:9"])
    bulks = [r for r in server.requests if r["path"] == "/_bulk"]
    assert [line["index"]["_index"] for r in bulks for line in r["body"][::2]] == [
        ALIAS,
        BUILDING,
    ]
    assert all(r["params"]["require_alias"] == "true" for r in bulks)
    deletes = [r["path"] for r in server.requests if r["path"].endswith("_delete_by_query")]
    assert deletes == [f"/{ALIAS},{BUILDING}/_delete_by_query"] * 2


def test_a_rebuild_finishing_mid_write_does_not_fail_the_write(backend, server):
    server.on("HEAD", f"/_alias/{ALIAS}", status=200)
    server.on("HEAD", f"/_alias/{BUILDING}", status=200)
    missing = {"type": "index_not_found_exception", "reason": "no such alias"}

    def bulk_answer(request):
        index = request["body"][0]["index"]["_index"]
        status = 404 if index == BUILDING else 201
        item = {"_id": "page:1", "status": status, **({"error": missing} if status == 404 else {})}
        return {"took": 1, "errors": status == 404, "items": [{"index": item}]}

    server.on("PUT", "/_bulk", body=bulk_answer)
    assert backend.index([doc("page:1")]) == 1


def test_document_body_keeps_dates_as_swedish_calendar_days():
    stockholm_new_year = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    body = ElasticsearchBackend.document_body(
        doc("event:1", date=stockholm_new_year, county_codes=["20"], tags=["kafé"])
    )
    assert body["date"] == "2025-01-01"
    assert body["year"] == 2025
    assert body["county_codes"] == ["20"] and body["tags"] == ["kafé"]
    assert ElasticsearchBackend.document_body(doc("page:1"))["date"] is None


def test_delete_sources_deletes_by_source(backend, server):
    backend.delete_sources(["page:3", "document:7", "page:3"])
    assert server.calls() == [
        ("HEAD", f"/_alias/{BUILDING}"),
        ("POST", f"/{ALIAS}/_delete_by_query"),
    ]
    assert server.requests[1]["body"] == {"query": {"terms": {"source": ["document:7", "page:3"]}}}
    assert backend.delete_sources([]) is None and len(server.requests) == 2


def test_deleting_from_an_index_that_does_not_exist_yet_is_not_an_error(backend, server):
    server.on(
        "POST",
        f"/{ALIAS}/_delete_by_query",
        status=404,
        body={"error": {"type": "index_not_found_exception"}},
    )
    backend.delete_sources(["page:3"])


def test_rebuild_fills_a_new_index_in_chunks_then_switches_the_alias_atomically(backend, server):
    old = f"{ALIAS}-20250101000000000000"
    server.on("GET", f"/_alias/{ALIAS}", body={old: {"aliases": {ALIAS: {}}}})
    backend.chunk_size = 2
    seen = []
    count = backend.rebuild((doc(f"page:{n}") for n in range(5)), progress=seen.append)

    assert count == 5
    assert seen == [2, 4, 5]
    calls = server.calls()
    new = calls[2][1]
    assert STAMPED.match(new) and new != f"/{old}"
    assert calls == [
        ("GET", f"/_alias/{BUILDING}"),
        ("PUT", f"/_index_template/{ALIAS}"),
        ("PUT", new),
        ("PUT", "/_bulk"),
        ("PUT", "/_bulk"),
        ("PUT", "/_bulk"),
        ("PUT", f"{new}/_settings"),
        ("POST", f"{new}/_refresh"),
        ("GET", f"/_alias/{ALIAS}"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{old}"),
    ]
    create = server.requests[2]["body"]
    assert create["settings"]["refresh_interval"] == "-1"
    assert create["aliases"] == {BUILDING: {}}
    assert create["mappings"] == index_body()["mappings"]
    assert [len(server.requests[i]["body"]) for i in (3, 4, 5)] == [4, 4, 2]
    assert all(line["index"]["_index"] == new[1:] for line in server.requests[3]["body"][::2])
    assert server.requests[6]["body"] == {"index": {"refresh_interval": None}}
    assert server.requests[9]["body"] == {
        "actions": [
            {"remove": {"index": old, "alias": ALIAS}},
            {"remove": {"index": new[1:], "alias": BUILDING}},
            {"add": {"index": new[1:], "alias": ALIAS}},
        ]
    }


def test_rebuild_discards_an_abandoned_half_built_index(backend, server):
    abandoned = f"{ALIAS}-20250101000000000000"
    server.on("GET", f"/_alias/{BUILDING}", body={abandoned: {"aliases": {BUILDING: {}}}})
    backend.rebuild([doc("page:1")])
    assert server.calls()[:2] == [("GET", f"/_alias/{BUILDING}"), ("DELETE", f"/{abandoned}")]


def test_rebuild_takes_over_a_concrete_index_squatting_on_the_alias_name(backend, server):
    server.on("HEAD", f"/{ALIAS}", status=200)
    backend.rebuild([doc("page:1")])
    aliases = next(r for r in server.requests if r["path"] == "/_aliases")
    assert aliases["body"]["actions"][0] == {"remove_index": {"index": ALIAS}}
    assert aliases["body"]["actions"][-1]["add"]["alias"] == ALIAS
    assert not any(r["method"] == "DELETE" for r in server.requests)


def test_a_failed_rebuild_leaves_the_alias_alone_and_removes_the_half_built_index(backend, server):
    server.on("PUT", "/_bulk", error=TransportConnectionError("connection refused"))
    with pytest.raises(SearchBackendUnavailable):
        backend.rebuild([doc("page:1"), doc("page:2")])
    calls = server.calls()
    new = calls[2][1]
    assert STAMPED.match(new)
    assert ("POST", "/_aliases") not in calls
    assert calls[-1] == ("DELETE", new)


def test_a_changed_synonym_list_goes_live_through_a_server_side_reindex(backend, server):
    old = f"{ALIAS}-20250101000000000000"
    server.on("HEAD", f"/_alias/{ALIAS}", status=200)
    server.on("GET", f"/_alias/{ALIAS}", body={old: {"aliases": {ALIAS: {}}}})
    backend.apply_synonyms(["SO, samhällsorientering"])

    calls = server.calls()
    new = calls[3][1]
    assert STAMPED.match(new)
    assert calls == [
        ("HEAD", f"/_alias/{ALIAS}"),
        ("GET", f"/_alias/{BUILDING}"),
        ("PUT", f"/_index_template/{ALIAS}"),
        ("PUT", new),
        ("POST", "/_reindex"),
        ("PUT", f"{new}/_settings"),
        ("POST", f"{new}/_refresh"),
        ("GET", f"/_alias/{ALIAS}"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{old}"),
    ]
    created = server.requests[3]["body"]["settings"]["analysis"]["filter"]["swedish_synonyms"]
    assert created["synonyms"] == ["SO, samhällsorientering"]
    template = server.requests[2]["body"]["template"]["settings"]["analysis"]["filter"]
    assert template["swedish_synonyms"]["synonyms"] == ["SO, samhällsorientering"]
    assert server.requests[4]["body"] == {
        "source": {"index": ALIAS},
        "dest": {"index": new[1:]},
        "conflicts": "proceed",
    }
    assert server.requests[4]["params"] == {"wait_for_completion": "true", "refresh": "true"}


def test_a_changed_synonym_list_before_anything_is_indexed_just_waits(backend, server):
    backend.apply_synonyms(["SO, samhällsorientering"])
    assert server.calls() == [("HEAD", f"/_alias/{ALIAS}")]
    assert backend.synonyms == ["SO, samhällsorientering"]


# -- when Elasticsearch is away ----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.index([doc("page:1")]),
        lambda b: b.delete_sources(["page:1"]),
        lambda b: b.search(SearchQuery(text="kvot")),
        lambda b: b.suggest("kvo"),
        lambda b: b.rebuild([doc("page:1")]),
        lambda b: b.apply_synonyms(["SO, samhällsorientering"]),
    ],
    ids=["index", "delete_sources", "search", "suggest", "rebuild", "apply_synonyms"],
)
def test_unreachable_elasticsearch_raises_search_backend_unavailable(backend, server, call):
    for method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        server.on(method, ".*", error=TransportConnectionError("connection refused"))
    with pytest.raises(SearchBackendUnavailable):
        call(backend)
    assert not backend.available()


def test_an_overloaded_cluster_counts_as_unavailable(backend, server):
    server.on("POST", f"/{ALIAS}/_search", status=503, body={"error": {"type": "unavailable"}})
    with pytest.raises(SearchBackendUnavailable):
        backend.search(SearchQuery(text="kvot"))


def test_an_index_not_built_yet_sends_searches_to_the_fallback(backend, server):
    server.on(
        "POST",
        f"/{ALIAS}/_search",
        status=404,
        body={"error": {"type": "index_not_found_exception"}},
    )
    with pytest.raises(SearchBackendUnavailable):
        backend.search(SearchQuery(text="kvot"))


def test_a_refused_request_is_an_error_but_not_an_outage(backend, server):
    server.on(
        "POST", f"/{ALIAS}/_search", status=400, body={"error": {"type": "parsing_exception"}}
    )
    with pytest.raises(SearchBackendError) as caught:
        backend.search(SearchQuery(text="kvot"))
    assert not isinstance(caught.value, SearchBackendUnavailable)


def test_rejected_documents_are_reported_as_an_error(backend, server):
    server.on(
        "PUT",
        "/_bulk",
        body={
            "took": 1,
            "errors": True,
            "items": [
                {
                    "index": {
                        "_id": "page:1",
                        "status": 400,
                        "error": {"type": "mapper_parsing_exception"},
                    }
                }
            ],
        },
    )
    with pytest.raises(SearchBackendError) as caught:
        backend.index([doc("page:1")])
    assert not isinstance(caught.value, SearchBackendUnavailable)


def test_without_a_url_the_backend_is_unavailable_not_broken():
    backend = ElasticsearchBackend(url="", index_prefix=ALIAS)
    with pytest.raises(SearchBackendUnavailable):
        backend.search(SearchQuery(text="kvot"))
    assert not backend.available()


# -- reading a recorded response ---------------------------------------------------------------


@pytest.mark.django_db
def test_recorded_response_becomes_search_results(backend, server):
    server.on("POST", f"/{ALIAS}/_search", body=RESPONSE)
    query = SearchQuery(text="kvotflyktingar", filters={"county": ["20"]})
    results = backend.search(query)

    assert results.backend == "elasticsearch"
    assert results.query is query
    assert results.total == 3
    assert results.took_ms == 7.0
    assert results.did_you_mean is None
    pdf, agreement, event = results.hits
    assert pdf.key == "document:7:4"
    assert pdf.kind == "document"
    assert pdf.page_number == 4
    assert pdf.container_title == "Metodstöd för samverkan"
    assert pdf.date == datetime.date(2017, 6, 1)
    assert pdf.score == pytest.approx(9.41)
    assert pdf.snippet == (
        "Mottagandet av <mark>kvotflyktingar</mark> planeras tillsammans med "
        "&lt;kommunen&gt; &amp; regionen."
    )
    # The body fragment has no match here, so the summary's highlighted passage wins.
    assert "<mark>kvotflyktingar</mark>" in agreement.snippet
    assert agreement.snippet.startswith("Överenskommelsen")
    assert agreement.url == "/overenskommelser/dalarna-2019/"
    # No highlight at all: the summary, escaped.
    assert event.snippet == "Fika &amp; samtal på svenska &lt;varje&gt; tisdag."
    assert event.date is None


@pytest.mark.django_db
def test_recorded_aggregations_become_labelled_facets(backend, server):
    server.on("POST", f"/{ALIAS}/_search", body=RESPONSE)
    query = SearchQuery(text="kvotflyktingar", filters={"county": ["20"]})
    facets = backend.search(query).facets

    assert list(facets) == list(FACETS)
    assert [(f.value, f.label, f.count, f.selected) for f in facets["county"]] == [
        ("20", "Dalarna", 3, True)
    ]
    assert [(f.value, f.label, f.count, f.selected) for f in facets["municipality"]] == [
        ("2029", "Leksand", 2, False),
        ("2031", "Rättvik", 1, False),
    ]
    assert [(f.value, f.label) for f in facets["kind"]] == [
        ("document", str(KIND_LABELS["document"])),
        ("event", str(KIND_LABELS["event"])),
        ("regional_agreement", kind_label("regional_agreement")),
    ]
    assert [(f.value, f.count) for f in facets["year"]] == [("2019", 1), ("2017", 1)]
    assert [(f.value, f.label) for f in facets["target_group"]] == [
        ("kvotflyktingar", "Kvotflyktingar")
    ]
    assert [(f.value, f.label, f.count) for f in facets["tag"]] == [("metodstöd", "metodstöd", 1)]


@pytest.mark.django_db
def test_disjunctive_aggregations_are_read_from_their_filter_buckets(backend):
    response = {
        "took": 2,
        "hits": {"total": {"value": 3, "relation": "eq"}, "hits": []},
        "aggregations": {
            "county": {
                "doc_count": 5,
                "values": {
                    "buckets": [{"key": "20", "doc_count": 3}, {"key": "03", "doc_count": 2}]
                },
            },
            "kind": {"doc_count": 3, "values": {"buckets": [{"key": "quiz", "doc_count": 3}]}},
        },
    }
    facets = backend.parse_response(SearchQuery(filters={"county": ["20"]}), response).facets
    assert [(f.value, f.label, f.count, f.selected) for f in facets["county"]] == [
        ("20", "Dalarna", 3, True),
        ("03", "Uppsala", 2, False),
    ]
    assert [(f.value, f.label) for f in facets["kind"]] == [("quiz", "Quiz")]
    assert facets["municipality"] == []


@pytest.mark.django_db
def test_facet_labels_take_the_same_queries_for_few_and_many_values(backend):
    def run(counties, municipalities):
        aggregations = {
            "county": {"buckets": [{"key": c, "doc_count": 1} for c in counties]},
            "municipality": {"buckets": [{"key": m, "doc_count": 1} for m in municipalities]},
            "target_group": {"buckets": [{"key": "frivilliga", "doc_count": 1}]},
        }
        with CaptureQueriesContext(connection) as ctx:
            facets = backend._facets(aggregations, {})
        assert len(facets["municipality"]) == len(municipalities)
        return len(ctx.captured_queries)

    few = run(["20"], ["2029"])
    many = run(["01", "03", "20", "25"], ["2029", "2031", "2080", "0180", "1280"])
    assert few == many == 3


def test_did_you_mean_is_offered_when_nothing_was_found(backend):
    response = {
        "took": 3,
        "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
        "aggregations": {},
        "suggest": {
            "did_you_mean": [
                {
                    "text": "kvotflyktinagr",
                    "options": [{"text": "kvotflyktingar", "score": 0.4, "collate_match": True}],
                }
            ]
        },
    }
    results = backend.parse_response(SearchQuery(text="kvotflyktinagr"), response, "kvotflyktinagr")
    assert results.total == 0
    assert results.did_you_mean == "kvotflyktingar"
    assert results.facets == {name: [] for name in FACETS}


def test_suggest_returns_titles_and_skips_junk_without_a_request(backend, server):
    server.on(
        "POST",
        f"/{ALIAS}/_search",
        body={
            "took": 1,
            "hits": {
                "total": {"value": 1, "relation": "eq"},
                "hits": [
                    {
                        "_id": "page:42",
                        "_score": 2.0,
                        "_source": {
                            "key": "page:42",
                            "kind": "regional_agreement",
                            "title": "Regional överenskommelse Dalarna",
                            "url": "/overenskommelser/dalarna/",
                            "date": "2019-09-12",
                        },
                    }
                ],
            },
        },
    )
    (hit,) = backend.suggest("regional öv")
    assert (hit.key, hit.title, hit.url) == (
        "page:42",
        "Regional överenskommelse Dalarna",
        "/overenskommelser/dalarna/",
    )
    assert backend.suggest("  ") == []
    assert len(server.requests) == 1


# -- anything a visitor can type --------------------------------------------------------------


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=300),
    filters=st.dictionaries(
        st.sampled_from([*FACETS, "colour"]), st.lists(st.text(max_size=20), max_size=3)
    ),
    page=st.integers(min_value=-(10**12), max_value=10**12),
    per_page=st.integers(min_value=-5, max_value=10**6),
    sort=st.sampled_from(["relevance", "date", "junk"]),
)
def test_any_input_builds_a_bounded_request_without_query_syntax(
    text, filters, page, per_page, sort
):
    query = SearchQuery(text=text, filters=filters, page=page, per_page=per_page, sort=sort)
    body = body_of(query)
    dumped = json.dumps(body, ensure_ascii=False)
    assert "query_string" not in dumped
    assert not any(unicodedata.category(ch) == "Cc" for ch in dumped.replace("\n", ""))
    assert body["from"] >= 0 and 0 <= body["size"] <= 100
    assert body["from"] + body["size"] <= 10_000
    assert set(body["aggs"]) == {*FACETS, "sources"}
    assert json.loads(dumped) == body
