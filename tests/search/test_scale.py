"""What keeps the database backend fast at scale must not change what people find.

Synonym phrases are matched as single index terms on PostgreSQL once a rebuild has put them
in every entry, and before that as ordinary phrases; facets of very large result sets are
counted on a sample and marked as estimates, total included, and only a capped set of
candidates is ranked; quoted phrases are looked up by their word pairs first, which must
never change what a phrase finds.
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


@pytest.fixture
def whole_index_as_sample(monkeypatch, settings):
    """The sample is every entry (the real one is the ids in runs of 16 in every 1,024, which a
    test's few rows may miss), and a result set of more than five matches counts as huge."""
    from search.backends.database.postgresql import PostgreSQLSearchBackend

    monkeypatch.setattr(PostgreSQLSearchBackend, "sample_condition", "TRUE")
    monkeypatch.setattr(PostgreSQLSearchBackend, "sample_scale", 1)
    settings.SEARCH_EXACT_UP_TO = 5


@needs_postgres
def test_a_huge_result_set_is_counted_on_the_sample_and_marked_estimated(
    backend, whole_index_as_sample
):
    backend.index(
        [doc(n, f"Språkcafé nummer {n}", county="20" if n % 4 else "10") for n in range(1, 41)]
    )
    results = backend.search(SearchQuery(text="språkcafé"))
    assert results.total_estimated and results.facets_estimated
    assert results.total == 40
    assert {v.value: v.count for v in results.facets["county"]} == {"20": 30, "10": 10}
    assert all(v.estimated for v in results.facets["county"])
    assert len(results.hits) == 20
    # a filter is applied to the hits and the total; the county facet keeps its other values
    filtered = backend.search(SearchQuery(text="språkcafé", filters={"county": ["10"]}))
    assert filtered.total == 10
    assert {hit.key for hit in filtered.hits} == {f"page:{n}" for n in range(4, 41, 4)}
    assert {v.value: v.count for v in filtered.facets["county"]} == {"20": 30, "10": 10}


@needs_postgres
def test_capped_ranking_puts_title_matches_first_and_fills_up_from_the_body(
    backend, whole_index_as_sample
):
    corpus = [
        doc(n, f"Ett möte nummer {n}", body="Vi ordnar språkcafé varje vecka.") for n in range(1, 9)
    ]
    corpus += [doc(n, f"Språkcafé i kommun {n}") for n in range(20, 24)]
    backend.index(corpus)
    results = backend.search(SearchQuery(text="språkcafé", per_page=6))
    assert results.total_estimated
    keys_in_order = [hit.key for hit in results.hits]
    assert set(keys_in_order[:4]) == {f"page:{n}" for n in range(20, 24)}
    assert len(keys_in_order) == 6  # two body matches fill the page
    by_date = backend.search(SearchQuery(text="språkcafé", sort="date", per_page=3))
    assert [hit.key for hit in by_date.hits] == ["page:23", "page:22", "page:21"]


@needs_postgres
def test_capped_results_group_the_pages_of_one_document(backend, whole_index_as_sample):
    pages = [
        SearchDocument(
            key=f"document:7:{n}",
            source="document:7",
            kind="document",
            title="Handbok",
            url=f"/dokument/7/#sida-{n}",
            body=f"Sidan {n} handlar om språkcafé.",
            page_number=n,
        )
        for n in range(1, 5)
    ]
    backend.index([*pages, *(doc(n, f"Språkcafé {n}") for n in range(1, 7))])
    results = backend.search(SearchQuery(text="språkcafé"))
    assert results.total_estimated
    handbook = [hit for hit in results.hits if hit.key.startswith("document:7")]
    assert len(handbook) == 1 and handbook[0].more_pages == 3


@needs_postgres
def test_search_page_marks_estimated_counts(client, backend, whole_index_as_sample):
    backend.index([doc(n, f"Språkcafé nummer {n}") for n in range(1, 41)])
    data = client.get("/sok/", {"q": "språkcafé", "format": "json"}).json()
    assert data["total"] == 40
    assert data["total_estimated"] is True
    assert data["facets_estimated"] is True
    assert all(v["estimated"] for values in data["facets"].values() for v in values)
    html = client.get("/sok/", {"q": "språkcafé"}).content.decode()
    assert "(ca 40)" in html
    assert "Cirka 40 träffar" in html


def test_facets_are_exact_below_the_threshold(backend, settings):
    settings.SEARCH_EXACT_UP_TO = 100
    backend.index(
        [doc(n, f"Språkcafé nummer {n}", county="20" if n % 2 else "10") for n in range(1, 8)]
    )
    results = backend.search(SearchQuery(text="språkcafé"))
    assert results.total == 7
    assert not results.facets_estimated
    assert {v.value: v.count for v in results.facets["county"]} == {"20": 4, "10": 3}


PHRASE_CORPUS = [
    doc(1, "Metodstöd", "Länsstyrelsen erbjuder metodstöd tjänster och råd."),
    doc(2, "Råd", "Metodstöd och tjänster är två olika saker."),  # a stopword between
    doc(3, "Tjänster", "Tjänster metodstöd i omvänd ordning."),
    doc(4, "E-post", "Skicka din e-post adress till oss."),  # a hyphenated word
    doc(5, "Språkcaféerna", "Språkcaféerna mentorer träffas i Falun."),  # loanword forms
    doc(6, "Mottagande av flyktingar", "Om mottagande av flyktingar i kommunen."),
    doc(7, "Kvot", "Metodstöd. Tjänster för kommuner."),  # punctuation between
    doc(8, "Rubrik som slutar med metodstöd", "tjänster i brödtexten"),  # across fields
    doc(9, "Avtal", "Det nya avtalet 2024 gäller från januari; 3.5 procent fler platser."),
]
PHRASES = [
    '"metodstöd tjänster"',
    '"tjänster metodstöd"',
    '"post adress"',
    '"e-post adress"',
    '"språkcafé mentor"',
    '"språkcaféer mentorerna"',
    '"mottagande av flyktingar"',
    '"mottagande flyktingar"',
    '"metodstöd tjänster" OR "post adress"',
    '"metodstöd tjänster" länsstyrelsen',
    '"metodstöd tjänster" -råd',
    '"tjanster metodstod"',
    '"avtalet 2024"',
    '"2024 gäller"',
    '"3.5 procent"',
    '"5 procent"',
]


@needs_postgres
@pytest.mark.parametrize("capped", [False, True])
def test_word_pairs_never_change_what_a_phrase_finds(backend, monkeypatch, settings, capped):
    from search.backends.database.postgresql import PostgreSQLSearchBackend

    if capped:
        monkeypatch.setattr(PostgreSQLSearchBackend, "sample_condition", "TRUE")
        monkeypatch.setattr(PostgreSQLSearchBackend, "sample_scale", 1000)
    backend.rebuild(PHRASE_CORPUS)
    assert backend.pairs_indexed()
    with_pairs = {text: keys(backend, text) for text in PHRASES}
    monkeypatch.setattr(PostgreSQLSearchBackend, "pairs_indexed", lambda self: False)
    by_positions = {text: keys(backend, text) for text in PHRASES}
    assert with_pairs == by_positions
    assert with_pairs['"metodstöd tjänster"'] == {"page:1", "page:7", "page:8"}
    assert with_pairs['"post adress"'] == {"page:4"}


@needs_postgres
def test_entries_written_before_pairs_existed_are_still_found(backend):
    from django.core.cache import cache

    from search.backends.database import ANALYSIS
    from search.models import SearchEntry

    backend.rebuild(PHRASE_CORPUS)
    SearchEntry.objects.update(pair_vector=None)  # as after the migration, before a reindex
    IndexState.objects.filter(name=ANALYSIS).update(value={"version": 6})
    cache.clear()
    assert not backend.pairs_indexed()
    assert keys(backend, '"metodstöd tjänster"') == {"page:1", "page:7", "page:8"}
