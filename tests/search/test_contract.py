"""The behaviour every search backend promises, run against each reachable backend."""

import datetime

import pytest

from search.backends.base import SearchDocument, SearchQuery

from .conftest import make_documents

pytestmark = pytest.mark.django_db


def keys(results):
    return [hit.key for hit in results.hits]


def search(backend, text, **kwargs):
    return backend.search(SearchQuery(text=text, **kwargs))


def facet(results, name):
    return {value.value: value.count for value in results.facets.get(name, [])}


def test_stemming_finds_inflected_forms(corpus):
    assert "page:1" in keys(search(corpus, "kvotflykting"))
    assert "page:2" in keys(search(corpus, "överenskommelser"))


def test_abbreviations_find_what_they_stand_for(corpus):
    assert "page:2" in keys(search(corpus, "RÖK"))
    assert "event:6" in keys(search(corpus, "SFI"))
    assert "page:7" in keys(search(corpus, "AF"))
    # and the other way round: the words find a text that only uses the abbreviation
    corpus.index(
        [
            SearchDocument(
                key="page:8", source="page:8", kind="page", title="LÖK i Mora", url="/mora/"
            )
        ]
    )
    assert "page:8" in keys(search(corpus, '"lokal överenskommelse"'))


def test_staff_can_add_a_synonym(corpus):
    from search.models import Synonym

    assert search(corpus, "språkträff").total == 0
    Synonym.objects.create(term="språkträff", equivalents="språkcafé")
    assert "organisation:5" in keys(search(corpus, "språkträff"))


def test_phrase_needs_words_together(corpus):
    found = keys(search(corpus, '"regional överenskommelse"'))
    assert "page:2" in found
    assert "page:7" not in found
    assert {"page:2", "page:7"} <= set(keys(search(corpus, "regional överenskommelse")))


def test_exclusion_and_or(corpus):
    found = keys(search(corpus, "överenskommelse -Rättvik"))
    assert "page:2" in found and "page:7" not in found
    either = keys(search(corpus, "Leksand OR Rättvik"))
    assert {"organisation:5", "page:7"} <= set(either)


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("kind", "agreement", {"page:2", "page:7"}),
        ("county", "17", {"page:2"}),
        ("municipality", "2031", {"page:7"}),
        ("year", "2027", {"page:2"}),
        ("target_group", "asylsokande", {"page:2"}),
        ("tag", "samverkan", {"page:2"}),
    ],
)
def test_each_filter(corpus, name, value, expected):
    results = search(corpus, "överenskommelse OR kvotflyktingar", filters={name: [value]})
    assert set(keys(results)) == expected
    assert results.total == len(expected)


def test_facet_counts(corpus):
    results = search(corpus, "Dalarna OR Leksand OR Rättvik OR Värmland")
    assert results.total == 4
    assert facet(results, "kind") == {"page": 1, "agreement": 2, "organisation": 1}
    assert facet(results, "county") == {"20": 3, "17": 1}
    assert facet(results, "municipality") == {"2029": 2, "2031": 1}
    assert facet(results, "year") == {"2024": 1, "2027": 1, "2023": 1}
    assert facet(results, "target_group") == {"kvotflyktingar": 1, "asylsokande": 1}
    assert facet(results, "tag") == {"bosättning": 1, "samverkan": 1, "språk": 1}
    labelled = {v.value: v.label for v in results.facets["county"]}
    assert labelled["20"] == "Dalarna"


def test_selected_filter_is_marked(corpus):
    results = search(corpus, "överenskommelse", filters={"county": ["20"]})
    selected = [v.value for v in results.facets["county"] if v.selected]
    assert selected == ["20"]


def test_snippets_mark_matches_and_escape_html(corpus):
    hit = next(h for h in search(corpus, "kvotflykting").hits if h.key == "page:1")
    assert "<mark>kvotflyktingar</mark>" in hit.snippet.lower()
    assert "<script>" not in hit.snippet


def test_pdf_text_with_page_number(corpus):
    results = search(corpus, "reflektionsfrågor")
    assert keys(results) == ["document:3:4"]
    hit = results.hits[0]
    assert hit.page_number == 4
    assert hit.container_title == "metodstod-2017.pdf"
    assert "<mark>" in hit.snippet


def test_sort_by_date(corpus):
    results = search(corpus, "överenskommelse OR kvotflyktingar", sort="date")
    assert keys(results)[:3] == ["page:2", "page:1", "page:7"]


def test_title_ranks_above_body(corpus):
    results = search(corpus, "handlingsplan")
    assert set(keys(results)) == {"page:7", "document:3:5"}
    results = search(corpus, "Värmland")
    assert keys(results)[0] == "page:2"


def test_pagination(corpus):
    first = search(corpus, "Dalarna OR Leksand OR Rättvik OR Värmland", per_page=3)
    second = search(corpus, "Dalarna OR Leksand OR Rättvik OR Värmland", per_page=3, page=2)
    assert first.total == second.total == 4
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert not set(keys(first)) & set(keys(second))
    assert search(corpus, "Dalarna", page=99).hits == []


def test_reindexing_a_source_replaces_all_its_keys(corpus):
    corpus.index([make_documents()[2]])  # document 3 now has only page 4
    assert search(corpus, "mallar").total == 0
    assert search(corpus, "reflektionsfrågor").total == 1


def test_delete_sources(corpus):
    corpus.delete_sources(["page:1", "document:3"])
    assert search(corpus, "kvotflykting").total == 0
    assert search(corpus, "reflektionsfrågor").total == 0
    assert search(corpus, "Värmland").total == 1


def test_rebuild_drops_what_is_gone(corpus):
    documents = [d for d in make_documents() if d.source != "page:1"]
    seen = []
    count = corpus.rebuild(documents, progress=seen.append)
    assert count == len(documents)
    assert seen and seen[-1] == len(documents)
    assert search(corpus, "kvotflykting").total == 0
    assert search(corpus, "Värmland").total == 1


def test_did_you_mean_for_a_misspelling(corpus):
    results = search(corpus, "kvotflyktnigar")
    assert results.total == 0
    assert results.did_you_mean and "kvotflyktingar" in results.did_you_mean
    assert search(corpus, "kvotflyktingar").did_you_mean is None


def test_suggestions_are_titles(corpus):
    titles = [hit.title for hit in corpus.suggest("Språkc")]
    assert titles == ["Språkcafé Leksand"]
    titles = [hit.title for hit in corpus.suggest("metodst")]
    assert titles == ["Metodstöd för samverkan 2017"]  # one per document, not per page
    assert corpus.suggest("") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!! ??? ...",
        '"unbalanced quote',
        "a & b | !c :* <-> <2>",
        "title:(foo AND bar) OR baz^2~ [1 TO 5] {x} \\",
        "kvot\x00flykting\x07",
        "x" * 10_000,
        "-",
        "- -- ---",
        "OR OR OR",
        "'; DROP TABLE search_searchentry; --",
        "NEAR(a b) NOT c* ^d",
    ],
)
def test_bad_queries_never_fail(corpus, text):
    results = search(corpus, text)
    assert results.total >= 0
    assert search(corpus, "Värmland").total == 1  # the index is intact


def test_empty_query_finds_nothing(corpus):
    assert search(corpus, "").total == 0


def test_dates_come_back_as_dates(corpus):
    hit = search(corpus, "Värmland").hits[0]
    assert hit.date == datetime.date(2027, 1, 15)
    assert hit.url == "/varmland/rok/"
    assert hit.kind == "agreement"


def test_a_slash_separates_words_and_is_no_file_path(backend):
    backend.index(
        [
            SearchDocument(
                key="page:20",
                source="page:20",
                kind="quota",
                title="Kommuntal 2024 för Leksand",
                url="/kommuntal/leksand/",
                body="Fördelning KVOT/ABO: 16 kvotflyktingar/21 från Ukraina.",
            )
        ]
    )
    for text in ("ABO", "kvot", "KVOT/ABO", '"kvot abo"', "Ukraina", "kvotflyktingar"):
        assert keys(search(backend, text)) == ["page:20"], text
