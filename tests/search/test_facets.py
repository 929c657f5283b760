"""Facets that tell the truth, on every reachable backend: a value's count is what its click
gives (disjunctive faceting), national content stays under a county filter, marked."""

import datetime

from django.utils import timezone

import pytest

from search.backends.base import NATIONAL, SearchDocument, SearchQuery

from .conftest import make_documents

pytestmark = pytest.mark.django_db

QUERY = "överenskommelse OR kvotflyktingar OR svenska OR samverkan OR Leksand"


def search(backend, text=QUERY, **filters):
    return backend.search(SearchQuery(text=text, filters=filters, per_page=100))


def counts(results, facet):
    return {v.value: v.count for v in results.facets.get(facet, [])}


def every_click(backend, filters):
    """For each facet value shown under ``filters``: (facet, value, count, what its click
    gives)."""
    results = search(backend, **filters)
    for facet, values in results.facets.items():
        for value in values:
            click = search(backend, **{**filters, facet: [value.value]})
            yield facet, value, click.total


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"municipality": ["2031"]},
        {"county": ["20"]},
        {"kind": ["agreement"], "county": ["20"]},
        {"target_group": ["kvotflyktingar"]},
    ],
)
def test_each_facet_value_counts_what_its_click_gives(corpus, filters):
    """A facet is counted with every filter except its own: clicking a value (instead of the
    facet's current selection) gives exactly the count it showed."""
    checked = 0
    for facet, value, clicked in every_click(corpus, filters):
        assert value.count == clicked, (facet, value.value, filters)
        checked += 1
    assert checked >= 5


def test_a_chosen_facet_keeps_counting_its_alternatives(corpus):
    results = search(corpus, municipality=["2031"])
    municipalities = counts(results, "municipality")
    assert municipalities["2031"] == results.total
    assert municipalities.get("2029", 0) >= 1  # Leksand is still offered, with its own count
    assert all(hit_key.startswith(("page:7", "event:6")) for hit_key in keys(results))


def keys(results):
    return [hit.key for hit in results.hits]


def test_national_content_is_its_own_value_and_kept_under_a_county_filter(corpus):
    everything = search(corpus)
    county = counts(everything, "county")
    national = county[NATIONAL]
    assert national >= 1  # the method-support PDF has no county
    label = next(v.label for v in everything.facets["county"] if v.value == NATIONAL)
    assert label == "Hela landet"

    dalarna = search(corpus, county=["20"])
    assert "document:3:4" in keys(dalarna) or "document:3:5" in keys(dalarna)
    assert "page:2" not in keys(dalarna)  # Värmland's agreement stays out
    marked = {hit.key for hit in dalarna.hits if hit.national}
    assert marked == {k for k in keys(dalarna) if k.startswith("document:3")}
    assert county["20"] == dalarna.total

    only_national = search(corpus, county=[NATIONAL])
    assert only_national.total == national
    assert all(hit.national for hit in only_national.hits)


def test_expired_content_is_never_found(backend):
    past = timezone.now() - datetime.timedelta(minutes=5)
    future = timezone.now() + datetime.timedelta(days=5)
    backend.index(
        [
            SearchDocument(
                key="page:31",
                source="page:31",
                kind="event",
                title="Kurs hummerklo",
                url="/kurs-1/",
                body="En kurs om hummerklo.",
                county_codes=["20"],
                expires_at=past,
            ),
            SearchDocument(
                key="page:32",
                source="page:32",
                kind="event",
                title="Kurs ravunge",
                url="/kurs-2/",
                body="En kurs om ravunge.",
                county_codes=["17"],
                expires_at=future,
            ),
        ]
    )
    assert search(backend, "hummerklo").total == 0
    assert search(backend, "kurs").total == 1
    assert counts(search(backend, "kurs"), "county") == {"17": 1}
    assert counts(search(backend, "kurs", county=["20"]), "county") == {"17": 1}
    assert backend.suggest("Kurs") and all(h.key == "page:32" for h in backend.suggest("Kurs"))
    assert search(backend, "hummerkol").did_you_mean is None
    assert search(backend, "ravunge").total == 1


def test_every_corpus_document_is_counted_once_per_kind(corpus):
    results = search(corpus)
    assert sum(counts(results, "kind").values()) == results.total
    assert results.total == len({d.key for d in make_documents()} & set(keys(results)))
