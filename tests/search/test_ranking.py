"""Ranking and snippets on every reachable backend: the full weighted text ranks (title,
then summary and keywords, then body), the pages of one PDF are one hit, indexing is
deterministic and makes no phrase of compound parts, snippets show what matched."""

import pytest

from search.backends.base import SearchDocument, SearchQuery
from search.query import compound_text, highlight

pytestmark = pytest.mark.django_db


def doc(key, title, body="", summary="", keywords="", source=None, **extra):
    return SearchDocument(
        key=key,
        source=source or key,
        kind=extra.pop("kind", "page"),
        title=title,
        url=f"/{key.replace(':', '-')}/",
        summary=summary,
        body=body,
        keywords=keywords,
        **extra,
    )


def search(backend, text, **kwargs):
    return backend.search(SearchQuery(text=text, **kwargs))


def keys(results):
    return [hit.key for hit in results.hits]


def test_body_matches_are_ranked_by_the_body_not_by_date(backend):
    backend.index(
        [
            doc(
                "page:1",
                "Nyheter",
                body="Ett kort stycke om sommaren och om hösten. Inget mer. " * 20
                + "Handlingsplan nämns en gång.",
            ),
            doc(
                "page:2",
                "Arbetsgruppen",
                body="Handlingsplan för länet. Handlingsplanen följs upp. "
                "Varje handlingsplan har mål.",
            ),
            doc("page:3", "Handlingsplan 2026", body="Om året."),
        ]
    )
    assert keys(search(backend, "handlingsplan")) == ["page:3", "page:2", "page:1"]


def test_keywords_weigh_like_the_summary(backend):
    """An agreement's type words and parties are in its keywords: it comes before a page
    that only mentions them in its body."""
    backend.index(
        [
            doc("page:1", "Nyhetsbrev", body="Vi skrev om en regional överenskommelse i våras."),
            doc(
                "page:2",
                "RÖK Dalarna 2024–2027",
                keywords="regional överenskommelse RÖK Region Dalarna Migrationsverket",
                body="Tidiga insatser.",
            ),
        ]
    )
    assert keys(search(backend, "överenskommelse"))[0] == "page:2"
    assert keys(search(backend, "Migrationsverket")) == ["page:2"]


def test_the_pages_of_one_document_are_one_hit_with_its_best_page_first(backend):
    pages = [
        doc(
            f"document:7:{n}",
            "Metodstöd 2017",
            body=text,
            source="document:7",
            kind="document",
            page_number=n,
            container_title="metodstod.pdf",
        )
        for n, text in [
            (1, "Inledning om samverkan."),
            (2, "Reflektionsfrågor om samverkan, samverkan och åter samverkan."),
            (3, "Bilagor om samverkan."),
        ]
    ]
    backend.index([*pages, doc("page:9", "Samverkan i länet", body="Om samverkan.")])
    results = search(backend, "samverkan")
    assert results.total == 2
    assert sorted(keys(results)) == ["document:7:2", "page:9"]
    grouped = next(hit for hit in results.hits if hit.key.startswith("document:7"))
    assert grouped.more_pages == 2
    assert {v.value: v.count for v in results.facets["kind"]} == {"document": 1, "page": 1}


def test_no_phrase_is_made_of_compound_parts(backend):
    backend.index([doc("page:1", "Flyktingmottagande", body="Flyktingmottagande i kommunen.")])
    assert search(backend, "mottagande").total == 1  # the part is found as a word
    assert search(backend, '"mottagande av flyktingar"').total == 0
    assert search(backend, '"mottagande flykting"').total == 0


def test_compound_parts_are_the_same_whatever_the_set_order():
    words = ["kvotflyktingar", "flyktingmottagande", "bosättningslagen", "överenskommelsen"]
    forwards = compound_text(tokens=set(words))
    assert forwards == compound_text(tokens=set(reversed(words)))
    assert forwards.split() == sorted(forwards.split())


def test_a_title_only_match_shows_the_summary_not_the_start_of_the_body(backend):
    backend.index(
        [
            doc(
                "page:1",
                "Kommuntal",
                summary="Hur många nyanlända varje kommun tar emot.",
                body="Inledning om något helt annat. " * 10,
            )
        ]
    )
    snippet = search(backend, "kommuntal").hits[0].snippet
    assert "nyanlända" in snippet
    assert "Inledning" not in snippet


def test_a_body_match_shows_the_sentence_that_matched(backend):
    backend.index(
        [
            doc(
                "page:1",
                "Projekt",
                summary="Ett projekt.",
                body="Första meningen handlar om väder. " * 8
                + "Flyktingguider ger social trygghet i vardagen. Sista meningen.",
            )
        ]
    )
    snippet = search(backend, "flyktingguider").hits[0].snippet
    assert "<mark>Flyktingguider</mark> ger social trygghet" in snippet


def test_highlight_starts_at_the_sentence_and_can_require_a_match():
    text = "Om väder. " * 30 + "Kvotflyktingar anvisas av Migrationsverket. Slut."
    passage = highlight(text, ["kvotflykting"])
    assert passage.startswith("…<mark>Kvotflyktingar</mark> anvisas")
    assert highlight("Inget här.", ["kvot"], require_match=True) == ""


def test_under_a_county_filter_national_content_comes_after_the_countys_own(backend):
    backend.index(
        [
            doc("page:1", "Överenskommelser", body="Alla överenskommelser."),
            doc(
                "page:2",
                "RÖK Dalarna",
                keywords="regional överenskommelse",
                body="Om överenskommelsen.",
                county_codes=["20"],
            ),
        ]
    )
    assert keys(search(backend, "överenskommelse"))[0] == "page:1"
    filtered = search(backend, "överenskommelse", filters={"county": ["20"]})
    assert keys(filtered) == ["page:2", "page:1"]
    assert [hit.national for hit in filtered.hits] == [False, True]
