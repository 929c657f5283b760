"""Queries as people type them: without å, ä and ö a search finds the same as with them.

Run against every reachable backend (the database one on SQLite or PostgreSQL, whichever the
test run uses); the Elasticsearch analyzers are checked as index settings.
"""

import pytest

from search.backends.base import SearchQuery
from search.es_mapping import COMPOUND_PARTS, index_body
from search.query import fold, stem

pytestmark = pytest.mark.django_db


def keys(backend, text):
    return {hit.key for hit in backend.search(SearchQuery(text=text)).hits}


@pytest.mark.parametrize(
    "written, typed",
    [
        ("överenskommelse", "overenskommelse"),
        ("Rättvik", "rattvik"),
        ("språkcafé Leksand", "sprakcafe leksand"),
        ("LÖK Rättvik", "lok rattvik"),
        ("RÖK", "rok"),
        ('"regional överenskommelse"', '"regional overenskommelse"'),
        ("överenskommelse -Rättvik", "overenskommelse -rattvik"),
        ("kvotflyktingar", "kvotflyktingar"),
    ],
)
def test_typing_without_diacritics_finds_the_same_as_with(corpus, written, typed):
    expected = keys(corpus, written)
    assert expected
    assert keys(corpus, typed) == expected


def test_a_folded_query_highlights_the_words_as_written(corpus):
    hits = corpus.search(SearchQuery(text="overenskommelsen")).hits
    assert any("<mark>Överenskommelsen</mark>" in hit.snippet for hit in hits)


def test_title_suggestions_work_without_diacritics(corpus):
    assert [hit.title for hit in corpus.suggest("sprakc")] == ["Språkcafé Leksand"]


def test_fold_and_stem_fold_swedish_letters_the_same_way_as_unaccent():
    assert fold("Åsa och Östen på Ärlig Café, Malmö") == "Asa och Osten pa Arlig Cafe, Malmo"
    assert fold("plain") == "plain"
    assert stem("överenskommelser") == stem("overenskommelser")


def test_elasticsearch_folds_in_index_and_query_and_keeps_the_original():
    analysis = index_body()["settings"]["analysis"]
    index_chain = analysis["analyzer"]["swedish_index"]["filter"]
    search_chain = analysis["analyzer"]["swedish_search"]["filter"]
    assert analysis["filter"]["swedish_folding"] == {
        "type": "asciifolding",
        "preserve_original": True,
    }
    assert index_chain.index("swedish_folding") < index_chain.index("swedish_light_stemmer")
    assert index_chain.index("swedish_folding") < index_chain.index("swedish_decompounder")
    # the query is folded before synonyms are looked up, so "rok" also means RÖK
    assert search_chain.index("asciifolding") < search_chain.index("swedish_synonyms")
    words = analysis["filter"]["swedish_decompounder"]["word_list"]
    assert set(words) >= set(COMPOUND_PARTS) | {fold(part) for part in COMPOUND_PARTS}


def test_an_index_analysed_the_old_way_is_rebuilt_once_after_migrate(corpus):
    from search.apps import reanalyse_after_migrate
    from search.backends.database import ANALYSIS, ANALYSIS_VERSION, DatabaseBackend
    from search.models import IndexState, SearchEntry

    if not isinstance(corpus, DatabaseBackend):
        pytest.skip("the database backend's own index")
    IndexState.objects.filter(name=ANALYSIS).delete()
    made_up = ["document:3:4", "organisation:5", "event:6"]
    assert SearchEntry.objects.filter(key__in=made_up).count() == 3
    reanalyse_after_migrate()
    # rebuilt from the sources: these corpus entries have none behind them
    assert not SearchEntry.objects.filter(key__in=made_up).exists()
    assert IndexState.objects.get(name=ANALYSIS).value == {"version": ANALYSIS_VERSION}
    corpus.index([])
    assert DatabaseBackend().reanalyse_if_needed() is None
