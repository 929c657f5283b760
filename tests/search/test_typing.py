"""Queries as people type them: multi-word synonyms without quotes, English words, the
operators of other search boxes, and a query of only stopwords answered with a sentence."""

import pytest

from search.backends.base import SearchDocument, SearchQuery
from search.query import Loose, parse

pytestmark = pytest.mark.django_db

SYNONYMS = {
    "sfi": [("svenska", "för", "invandrare")],
    "svenska för invandrare": [("sfi",)],
    "refugee": [("flykting",)],
    "flykting": [("refugee",)],
}


def keys(backend, text, **kwargs):
    return [hit.key for hit in backend.search(SearchQuery(text=text, **kwargs)).hits]


def test_an_unquoted_multi_word_synonym_is_one_clause_with_its_abbreviation():
    parsed = parse("svenska för invandrare", SYNONYMS)
    assert parsed.clauses == [[("svenska", "för", "invandrare"), ("sfi",)]]
    assert isinstance(parsed.clauses[0][0], Loose)
    # without diacritics too, and beside other words
    parsed = parse("kurs svenska for invandrare", SYNONYMS)
    assert parsed.clauses[0] == [("kurs",)]
    assert ("sfi",) in parsed.clauses[1]


def test_operators_from_other_search_boxes_are_read_as_meant():
    parsed = parse("kvotflyktingar & !ukraina")
    assert parsed.clauses == [[("kvotflyktingar",)]]
    assert parsed.excluded == [("ukraina",)]
    assert parse("kvot | abo").clauses == [[("kvot",), ("abo",)]]
    assert parse("kvot|abo").clauses == [[("kvot",), ("abo",)]]
    assert parse("kvot AND abo").clauses == [[("kvot",)], [("abo",)]]
    assert parse('!"digital kompetens" språk').excluded == [("digital", "kompetens")]


def test_stopwords_are_left_out_and_a_query_of_only_them_says_so():
    parsed = parse("och det att")
    assert parsed.is_empty and parsed.only_stopwords
    assert parse("kvot och abo").clauses == [[("kvot",)], [("abo",)]]
    assert not parse("kvot").only_stopwords
    # inside a phrase they stay
    assert parse('"svenska för invandrare"').clauses == [[("svenska", "för", "invandrare")]]


def test_parsing_is_bounded_and_never_fails():
    assert len(parse("ord " * 5000).clauses) <= 12
    for text in ["", "!", "&&", "||", "| kvot", "- ! & |", '!"', "OR"]:
        parse(text)


def test_unquoted_svenska_for_invandrare_finds_what_sfi_finds(corpus):
    corpus.index(
        [
            SearchDocument(
                key="page:40", source="page:40", kind="page", title="SFI i Falun", url="/sfi/"
            )
        ]
    )
    unquoted = keys(corpus, "svenska för invandrare")
    assert {"page:40", "event:6"} <= set(unquoted)
    assert set(unquoted) == set(keys(corpus, "SFI"))
    assert set(keys(corpus, "svenska for invandrare")) == set(unquoted)


def test_english_words_find_the_swedish_content(corpus):
    assert "page:1" in keys(corpus, "refugee")
    assert "page:2" in keys(corpus, "regional agreement")
    assert keys(corpus, "regional agreement")[0] == "page:2"


def test_exclusion_with_an_exclamation_mark(corpus):
    found = keys(corpus, "överenskommelse & !Rättvik")
    assert "page:2" in found and "page:7" not in found
    assert {"organisation:5", "page:7"} <= set(keys(corpus, "Leksand | Rättvik"))


def test_a_query_of_only_stopwords_gets_a_sentence(client, corpus):
    data = client.get("/sok/", {"q": "och det att", "format": "json"}).json()
    assert data["total"] == 0
    assert any("bara mycket vanliga ord" in message for message in data["messages"])
    html = client.get("/sok/", {"q": "och det att"}).content.decode()
    assert "bara mycket vanliga ord" in html


def test_syntax_help_sits_next_to_the_box(client, db):
    html = client.get("/sok/").content.decode()
    assert 'aria-describedby="search-help"' in html
    assert "citattecken" in html and "OR" in html and "engelska" in html
