"""Swedish inflections Snowball misses: loanwords whose plural or definite form adds -er,
-erna or -et to a stem ending in a vowel or é ("språkcafé", "språkcaféer", "språkcaféet")
or in -or/-ör ("mentor", "mentorer", "mentorerna"). Every form finds every other, on the
database backend in use (PostgreSQL or SQLite), and the snippet marks the word."""

import datetime

import pytest

from search.backends.base import SearchDocument, SearchQuery
from search.backends.database import DatabaseBackend
from search.query import loan_base, stem

pytestmark = pytest.mark.django_db

CAFES = {
    "page:1": ("Språkcafé i Falun", "Välkommen till vårt språkcafé varje tisdag."),
    "page:2": ("Nya träffar i länet", "Våra språkcaféer samlas på biblioteken."),
    "page:3": ("Biblioteket på torget", "Språkcaféet har öppet på onsdagar."),
    "page:4": ("Sprakcafe utan prickar", "Här skrivs sprakcafe utan accent."),
}
MENTORS = {
    "page:11": ("Bli mentor", "Som mentor stöttar du en nyanländ."),
    "page:12": ("Vi söker frivilliga", "Fler mentorer behövs i Rättvik."),
    "page:13": ("Träff för handledare", "Mentorerna träffas en gång i månaden."),
}
OTHERS = {
    "page:21": ("Kafeteria", "Lunch serveras i kafeterian."),
    "page:22": ("Motion i grupp", "Om motion och hälsa för nyanlända."),
}


def doc(key, title, body):
    n = int(key.split(":")[1])
    return SearchDocument(
        key=key,
        source=key,
        kind="page",
        title=title,
        url=f"/sida-{n}/",
        body=body,
        date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        county_codes=["20"],
    )


@pytest.fixture
def backend(db):
    instance = DatabaseBackend()
    instance.clear()
    instance.index(doc(k, *v) for k, v in {**CAFES, **MENTORS, **OTHERS}.items())
    return instance


def keys(backend, text):
    return {hit.key for hit in backend.search(SearchQuery(text=text)).hits}


@pytest.mark.parametrize(
    "typed", ["språkcafé", "språkcaféer", "språkcaféet", "språkcaféerna", "sprakcafe"]
)
def test_every_form_of_a_loanword_ending_in_e_finds_every_other(backend, typed):
    assert keys(backend, typed) == set(CAFES)


@pytest.mark.parametrize("typed", ["mentor", "mentorer", "mentorerna", "Mentorer"])
def test_every_form_of_a_loanword_ending_in_or_finds_every_other(backend, typed):
    assert keys(backend, typed) == set(MENTORS)


def test_a_phrase_with_the_plural_finds_the_plural_written_otherwise(backend):
    assert keys(backend, '"fler mentor"') == {"page:12"}


@pytest.mark.parametrize("typed", ["mentor", "mentorerna"])
def test_the_snippet_marks_the_form_that_stands_in_the_text(backend, typed):
    hits = {h.key: h for h in backend.search(SearchQuery(text=typed)).hits}
    assert "<mark>mentorer</mark>" in hits["page:12"].snippet.lower()
    assert "<mark>mentorerna</mark>" in hits["page:13"].snippet.lower()


def test_the_singular_and_its_plurals_share_one_stem():
    assert len({stem(w) for w in ("språkcafé", "språkcaféer", "språkcaféet", "sprakcafe")}) == 1
    assert stem("mentor") == stem("mentorer") == stem("mentorerna")
    assert stem("ambassadör") == stem("ambassadörer")


@pytest.mark.parametrize(
    "word",
    # native words that only look like it: too short a stem, or another ending
    ["körer", "störer", "flickor", "kvinnorna", "mottagande", "mottagandet", "kafeteria"],
)
def test_words_that_only_look_like_a_loanword_plural_are_left_alone(word):
    assert loan_base(word) == word
