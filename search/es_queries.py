"""Turning a SearchQuery into an Elasticsearch request body, without talking to a server.

User text is never handed to Elasticsearch as query syntax. It is parsed here into words,
"quoted phrases", ``OR`` between two terms and ``-exclusions`` (the same small language as
PostgreSQL's ``websearch_to_tsquery``), and each piece becomes a ``multi_match`` whose text is
only analyzed, never parsed. Lucene operators, brackets and control characters therefore cannot
break a query or change its meaning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from elasticsearch.dsl import A, Q, Search

from .backends.base import FACETS, SearchQuery, with_national
from .es_mapping import MAX_INPUT_LENGTH
from .query import MAX_CLAUSES as MAX_TERMS  # noqa: F401 - one limit for every backend

# Where the text is searched, and how much a hit in each field weighs.
# The same proportions as the database backends: title 10, summary and keywords 5, body 2.
TEXT_FIELDS = ["title^5", "summary^2.5", "keywords^2.5", "body", "container_title"]
SUGGEST_FIELDS = ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"]

# The document field behind each facet/filter name in base.FACETS.
FACET_FIELDS = {
    "kind": "kind",
    "county": "county_codes",
    "municipality": "municipality_codes",
    "year": "year",
    "target_group": "target_groups",
    "tag": "tags",
}
# How many values each facet lists: every municipality fits, the others are short lists.
FACET_SIZES = {
    "kind": 20,
    "county": 30,
    "municipality": 300,
    "year": 50,
    "target_group": 50,
    "tag": 50,
}

MAX_PER_PAGE = 100
# Elasticsearch's default index.max_result_window; deeper pages are answered with no hits.
MAX_RESULT_WINDOW = 10_000
MAX_FILTER_VALUES = 50
MAX_FILTER_VALUE_LENGTH = 100
SNIPPET_LENGTH = 240
HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "order": "score",
    # Stay under the index default (1,000,000) so a very long PDF page is cut, not refused.
    "max_analyzed_offset": 999_999,
}

_WORD_CHAR = re.compile(r"\w", re.UNICODE)
_WORDS = re.compile(r"\w+", re.UNICODE)


def clean_text(text: str, limit: int = MAX_INPUT_LENGTH) -> str:
    """Control characters become spaces, runs of space collapse, and the text is cut."""
    chars = (
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") else ch
        for ch in str(text or "")
    )
    return " ".join("".join(chars).split())[:limit].strip()


@dataclass
class Term:
    text: str
    phrase: bool = False
    negated: bool = False


@dataclass
class ParsedQuery:
    """The user's text as groups of alternatives (AND between groups, OR inside one)."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: empty text, only punctuation, or only exclusions.

        Such a search finds nothing (as on the database backend) rather than everything.
        """
        return not self.groups

    @property
    def positive_text(self) -> str:
        """The searched-for words and phrases, for "did you mean"."""
        return " ".join(term.text for group in self.groups for term in group)


def parse_user_query(text: str) -> ParsedQuery:
    """The shared query model (``search.query.parse``: words, "phrases", ``OR``/``|``,
    ``-``/``!`` exclusion, the same cleaning and limits as the database backend) as terms.

    Stopwords stay (the Swedish analyzer drops them, and keeps them inside phrases), and
    synonyms are added later, by the analyzer and ``_synonym_terms``."""
    from .query import parse

    shared = parse(text, keep_stopwords=True)

    def term(words: tuple[str, ...], negated: bool = False) -> Term:
        return Term(" ".join(words), phrase=len(words) > 1, negated=negated)

    return ParsedQuery(
        groups=[[term(alternative) for alternative in clause] for clause in shared.clauses],
        excluded=[term(words, negated=True) for words in shared.excluded],
    )


def _match(term: Term) -> Q:
    if term.phrase:
        return Q("multi_match", query=term.text, fields=TEXT_FIELDS, type="phrase")
    return Q(
        "multi_match",
        query=term.text,
        fields=TEXT_FIELDS,
        type="best_fields",
        operator="and",
        tie_breaker=0.3,
    )


Synonyms = dict[str, list[tuple[str, ...]]]


def _synonym_terms(term: Term, synonyms: Synonyms | None) -> list[Term]:
    """What the admin's synonym list says ``term`` also means, as extra terms."""
    if not synonyms:
        return []
    key = " ".join(_WORDS.findall(term.text.lower()))
    return [Term(" ".join(other), phrase=len(other) > 1) for other in synonyms.get(key, [])]


def _either(term: Term, synonyms: Synonyms | None) -> Q:
    alternatives = [_match(t) for t in [term, *_synonym_terms(term, synonyms)]]
    if len(alternatives) == 1:
        return alternatives[0]
    return Q("bool", should=alternatives, minimum_should_match=1)


def text_query(parsed: ParsedQuery, synonyms: Synonyms | None = None) -> Q:
    """The scoring part of the query.

    Plain words must all be found (each in any field), or all together in one field: the
    second way lets a multi-word synonym typed out in full ("regional överenskommelse") also
    find documents that only say "RÖK", and ranks documents that have the words together
    higher.

    The analyzer already knows the synonym list the index was built with; ``synonyms`` (the
    list as staff edit it now, see search.query.load_synonyms) adds each term's equivalents
    as alternatives, so an entry added in the admin works at once, before any re-indexing.
    """
    if parsed.is_empty:
        return Q("match_none")
    must: list[Q] = []
    plain = [g[0] for g in parsed.groups if len(g) == 1 and not g[0].phrase]
    if len(plain) == 1:
        must.append(_either(plain[0], synonyms))
    elif plain:
        together = Term(" ".join(t.text for t in plain))
        should = [Q("bool", must=[_either(t, synonyms) for t in plain]), _match(together)]
        should += [_match(t) for t in _synonym_terms(together, synonyms)]
        must.append(Q("bool", should=should, minimum_should_match=1))
    for group in parsed.groups:
        if len(group) == 1 and not group[0].phrase:
            continue
        if len(group) == 1:
            must.append(_either(group[0], synonyms))
        else:
            alternatives = [t for term in group for t in [term, *_synonym_terms(term, synonyms)]]
            must.append(Q("bool", should=[_match(t) for t in alternatives], minimum_should_match=1))
    must_not = [_match(t) for t in parsed.excluded]
    if len(must) == 1 and not must_not:
        return must[0]
    return Q("bool", must=must, must_not=must_not) if must_not else Q("bool", must=must)


def clean_filters(filters: dict | None) -> dict[str, list]:
    """Known facets only, de-duplicated, bounded; years that are not years match nothing."""
    out: dict[str, list] = {}
    for name in FACETS:
        raw = (filters or {}).get(name) or []
        if isinstance(raw, str):
            raw = [raw]
        values: list = []
        for value in raw:
            value = clean_text(value, MAX_FILTER_VALUE_LENGTH)
            if name == "year":
                value = int(value) if value.isdigit() and len(value) == 4 else None
            if value not in (None, "") and value not in values:
                values.append(value)
        if raw:
            # A selection with no usable value still filters (to nothing), as the user asked.
            out[name] = values[:MAX_FILTER_VALUES]
    return out


def unexpired() -> Q:
    """Documents whose content has not expired (``expires_at`` missing or in the future):
    checked at read time, so an expired page is gone before the scheduler unpublishes it."""
    return Q(
        "bool",
        should=[
            Q("bool", must_not=[Q("exists", field="expires_at")]),
            Q("range", expires_at={"gt": "now"}),
        ],
        minimum_should_match=1,
    )


def filter_queries(filters: dict[str, list]) -> dict[str, Q]:
    """One terms filter per facet; a county filter also keeps national content."""
    return {
        name: Q("terms", **{FACET_FIELDS[name]: values})
        for name, values in with_national(filters).items()
    }


@dataclass
class Page:
    page: int
    per_page: int
    offset: int
    out_of_range: bool


def page_window(query: SearchQuery) -> Page:
    try:
        per_page = min(max(int(query.per_page), 1), MAX_PER_PAGE)
    except (TypeError, ValueError):
        per_page = 20
    try:
        page = max(int(query.page), 1)
    except (TypeError, ValueError):
        page = 1
    offset = (page - 1) * per_page
    return Page(page, per_page, offset, offset + per_page > MAX_RESULT_WINDOW)


def facet_terms(name: str) -> A:
    """A facet's values, each counting sources (a PDF once, not once per page)."""
    if name == "year":
        agg = A("terms", field="year", size=FACET_SIZES[name], order={"_key": "desc"})
    else:
        agg = A("terms", field=FACET_FIELDS[name], size=FACET_SIZES[name])
    agg.metric("sources", "cardinality", field="source")
    return agg


def build_search(
    query: SearchQuery,
    index: str | None = None,
    synonyms: Synonyms | None = None,
) -> tuple[Search, ParsedQuery, Page]:
    """The whole request: query, filters, facets, highlight, sort, page and did-you-mean.

    Facets are disjunctive, as on the database backend: the query scores the text only; the
    filters (and the expiry check) sit in ``post_filter``, so they narrow the hits; each
    facet's aggregation is filtered by the *other* facets' selections (and the expiry check)
    only. A facet value's count is then what clicking it gives, and a facet keeps showing its
    alternatives after one of its values has been chosen.
    """
    parsed = parse_user_query(query.text)
    filters = clean_filters(query.filters)
    fqs = filter_queries(filters)
    window = page_window(query)

    s = Search(index=index).query(text_query(parsed, synonyms))
    s = s.post_filter(Q("bool", filter=[unexpired(), *fqs.values()]))
    for name in FACETS:
        others = [q for other, q in fqs.items() if other != name]
        agg = A("filter", filter=Q("bool", filter=[unexpired(), *others]))
        agg.bucket("values", facet_terms(name))
        s.aggs.bucket(name, agg)

    s = s.highlight_options(**HIGHLIGHT)
    s = s.highlight(
        "body", fragment_size=SNIPPET_LENGTH, number_of_fragments=1, no_match_size=SNIPPET_LENGTH
    )
    s = s.highlight(
        "summary",
        fragment_size=SNIPPET_LENGTH,
        number_of_fragments=1,
        no_match_size=SNIPPET_LENGTH,
    )

    if query.sort == "date":
        s = s.sort({"date": {"order": "desc", "missing": "_last"}}, "_score", {"key": "asc"})
        s = s.extra(track_scores=True)
    else:
        s = s.sort("_score", {"date": {"order": "desc", "missing": "_last"}}, {"key": "asc"})

    if window.out_of_range:
        s = s.extra(from_=0, size=0)
    else:
        s = s.extra(from_=window.offset, size=window.per_page)
    s = s.extra(track_total_hits=True)
    # The best page of a document stands for it ("n more pages"); the total counts sources.
    s = s.extra(collapse={"field": "source", "inner_hits": {"name": "pages", "size": 0}})
    s.aggs.bucket(
        "sources", "filter", filter=Q("bool", filter=[unexpired(), *fqs.values()])
    ).metric("count", "cardinality", field="source")
    s = s.source(excludes=["body"])

    if parsed.positive_text:
        s = s.suggest(
            "did_you_mean",
            parsed.positive_text.lower(),
            phrase={
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
                                "filter": [unexpired().to_dict()],
                            }
                        }
                    },
                    "prune": False,
                },
            },
        )
    return s, parsed, window


def build_suggest(prefix: str, limit: int = 8, index: str | None = None) -> Search | None:
    """Titles that start like ``prefix``: search-as-you-type, one per source (PDF pages fold)."""
    prefix = clean_text(prefix, 200)
    if not _WORD_CHAR.search(prefix):
        return None
    limit = min(max(int(limit), 1), 20)
    s = Search(index=index).query(
        Q(
            "bool",
            must=[Q("multi_match", query=prefix, type="bool_prefix", fields=SUGGEST_FIELDS)],
            filter=[unexpired()],
        )
    )
    s = s.collapse("source")
    s = s.source(["key", "kind", "title", "url", "date", "page_number", "container_title"])
    return s.extra(size=limit)
