"""What keeps the database backend fast at scale must not change what people find.

Synonym phrases are matched as single index terms on PostgreSQL once a rebuild has put them
in every entry, and before that as ordinary phrases; facets of very large result sets are
counted on a sample and marked as estimates, while the total stays exact.
"""

import datetime

import pytest

from search.backends.base import SearchDocument, SearchQuery
from search.backends.database import DatabaseBackend
from search.models import IndexState, Synonym

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.postgres


def doc(n, title, body="", kind="page", county="20", **extra):
    return SearchDocument(
        key=f"page:{n}",
        source=f"page:{n}",
        kind=kind,
        title=title,
        url=f"/sida-{n}/",
        body=body,
        date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        county_codes=[county],
        **extra,
    )


@pytest.fixture
def backend(db):
    from django.core.cache import cache

    from search.migrations_data import ensure_default_synonyms

    cache.clear()  # the database is rolled back between tests, the cache is not
    ensure_default_synonyms()
    instance = DatabaseBackend()
    instance.clear()
    return instance


def keys(backend, text, **kwargs):
    return {hit.key for hit in backend.search(SearchQuery(text=text, **kwargs)).hits}


CORPUS = [
    doc(1, "Länets arbete", "De regionala överenskommelserna följs upp varje år."),
    doc(2, "Regional överenskommelse om mottagande"),
    doc(3, "Samverkan", "En regional plan och en lokal överenskommelse finns."),
    doc(4, "Lagen om valfrihet i praktiken", "Hur kommunerna använder lagen om valfrihet."),
]


def test_abbreviation_finds_inflected_phrase_before_and_after_a_rebuild(backend):
    backend.index(CORPUS)
    before = keys(backend, "RÖK")
    backend.rebuild(CORPUS)
    after = keys(backend, "RÖK")
    assert before == after == {"page:1", "page:2"}
    # words of the phrase apart are not the phrase
    assert "page:3" not in after
    assert keys(backend, '"lokal överenskommelse"') == {"page:3"}


def test_title_phrase_ranks_first(backend):
    backend.rebuild(CORPUS)
    hits = backend.search(SearchQuery(text="RÖK")).hits
    assert hits[0].key == "page:2"
    assert "<mark>" in backend.search(SearchQuery(text="RÖK")).hits[1].snippet


@needs_postgres
def test_phrase_terms_are_trusted_only_after_a_rebuild_that_used_them(backend):
    backend.index(CORPUS)
    assert "regional överenskommelse" not in backend.trusted_phrases()
    backend.rebuild(CORPUS)
    assert "regional överenskommelse" in backend.trusted_phrases()


@needs_postgres
def test_a_new_synonym_phrase_works_at_once_and_becomes_a_term_after_the_update(
    backend, django_capture_on_commit_callbacks
):
    backend.rebuild(CORPUS)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Synonym.objects.create(term="LOV", equivalents="lagen om valfrihet")
    assert callbacks, "a synonym change queues the index update"
    assert "lagen om valfrihet" not in backend.trusted_phrases()
    assert keys(backend, "LOV") == {"page:4"}  # searched as a phrase meanwhile
    backend.rebuild(CORPUS)  # what the queued update does with the site's own content
    assert "lagen om valfrihet" in backend.trusted_phrases()
    assert keys(backend, "LOV") == {"page:4"}


@needs_postgres
def test_removing_a_synonym_stops_trusting_its_phrase(backend):
    backend.rebuild(CORPUS)
    # every set that holds the phrase: the abbreviation and the English words
    Synonym.objects.filter(equivalents="regional överenskommelse").delete()
    assert "regional överenskommelse" not in backend.trusted_phrases()
    assert keys(backend, "RÖK") == set()
    assert keys(backend, '"regional överenskommelse"') == {"page:1", "page:2"}


def test_the_queued_synonym_update_rebuilds_from_the_site(
    backend, home, django_capture_on_commit_callbacks
):
    backend.index([doc(99, "Ett dokument som inte längre finns på webbplatsen")])
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(term="LOV", equivalents="lagen om valfrihet")
    assert keys(backend, "webbplatsen") == set()
    state = IndexState.objects.filter(name="database:trusted_phrases").first()
    if backend.vendor == "postgresql":
        assert "lagen om valfrihet" in state.value


@needs_postgres
def test_facets_of_a_huge_result_set_are_estimates_and_the_total_is_exact(backend, settings):
    settings.SEARCH_EXACT_FACETS_UP_TO = 5
    settings.SEARCH_FACET_SAMPLE_SIZE = 4
    backend.index([doc(n, f"Språkcafé nummer {n}", county="20") for n in range(1, 41)])
    results = backend.search(SearchQuery(text="språkcafé"))
    assert results.total == 40
    assert results.facets_estimated
    county = {v.value: v for v in results.facets["county"]}
    # ids are consecutive, so every tenth id makes exactly four of forty, each counting ten
    assert county["20"].count == 40
    assert county["20"].estimated


def test_facets_are_exact_below_the_threshold(backend, settings):
    settings.SEARCH_EXACT_FACETS_UP_TO = 100
    backend.index(
        [doc(n, f"Språkcafé nummer {n}", county="20" if n % 2 else "10") for n in range(1, 8)]
    )
    results = backend.search(SearchQuery(text="språkcafé"))
    assert results.total == 7
    assert not results.facets_estimated
    assert {v.value: v.count for v in results.facets["county"]} == {"20": 4, "10": 3}


@needs_postgres
def test_search_page_marks_estimated_counts(client, backend, settings):
    settings.SEARCH_EXACT_FACETS_UP_TO = 5
    settings.SEARCH_FACET_SAMPLE_SIZE = 4
    backend.index([doc(n, f"Språkcafé nummer {n}") for n in range(1, 41)])
    data = client.get("/sok/", {"q": "språkcafé", "format": "json"}).json()
    assert data["total"] == 40
    assert data["facets_estimated"] is True
    assert all(v["estimated"] for values in data["facets"].values() for v in values)
    html = client.get("/sok/", {"q": "språkcafé"}).content.decode()
    assert "(ca 40)" in html
