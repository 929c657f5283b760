"""A municipality or county name typed in /sok/ offers its overview page first.

The rule: the whole search text is the name, in any case and with or without å, ä and ö,
optionally followed by "kommun" (or "stad") or "län", with or without the genitive s
("Leksands kommun", "Dalarnas län"). Other words beside the name ("leksands kommun avtal")
make it a free-text search and no overview is offered.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search.backends.database import DatabaseBackend
from search.factories import SearchDocumentFactory

from .conftest import make_documents

pytestmark = pytest.mark.django_db

LEKSAND = {"kind": "municipality", "name": "Leksand", "url": "/kommuner/leksand/"}
RATTVIK = {"kind": "municipality", "name": "Rättvik", "url": "/kommuner/rattvik/"}
DALARNA = {"kind": "county", "name": "Dalarnas län", "url": "/lan/dalarna/"}
BLEKINGE = {"kind": "county", "name": "Blekinge län", "url": "/lan/blekinge/"}


@pytest.fixture
def indexed(db):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    backend = DatabaseBackend()
    backend.index(make_documents())
    return backend


def overview(client, q):
    response = client.get("/sok/", {"q": q, "format": "json"})
    assert response.status_code == 200
    return response.json()["overview"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("leksand", [LEKSAND]),
        ("Leksand", [LEKSAND]),
        ("Rättvik", [RATTVIK]),
        ("rattvik", [RATTVIK]),
        ("RÄTTVIK", [RATTVIK]),
        ("  Rättvik ", [RATTVIK]),
        ("Leksands kommun", [LEKSAND]),
        ("leksand kommun", [LEKSAND]),
        ("dalarna", [DALARNA]),
        ("Dalarnas län", [DALARNA]),
        ("dalarnas lan", [DALARNA]),
        ("blekinge län", [BLEKINGE]),
        ("Blekinge", [BLEKINGE]),
        (
            "Västra Götalands län",
            [{"kind": "county", "name": "Västra Götalands län", "url": "/lan/vastra-gotaland/"}],
        ),
        (
            "upplands väsby",
            [
                {
                    "kind": "municipality",
                    "name": "Upplands Väsby",
                    "url": "/kommuner/upplands-vasby/",
                }
            ],
        ),
    ],
)
def test_a_place_name_offers_its_overview(client, indexed, q, expected):
    assert overview(client, q) == expected


@pytest.mark.parametrize(
    "q",
    [
        "leksands kommun avtal",
        "avtal leksand",
        "Leksand Rättvik",
        "samverkan",
        "leksands",  # a genitive without "kommun"/"län" is not a name
        "dalarna kommun",  # Dalarna is a county, not a municipality
        "leksand län",
        "",
        '"leksand"x',
    ],
)
def test_free_text_gets_no_overview(client, indexed, q):
    assert overview(client, q) == []


def test_a_name_shared_by_a_county_and_a_municipality_offers_both(client, indexed):
    assert overview(client, "Stockholm") == [
        {"kind": "municipality", "name": "Stockholm", "url": "/kommuner/stockholm/"},
        {"kind": "county", "name": "Stockholms län", "url": "/lan/stockholm/"},
    ]
    assert overview(client, "stockholms län") == [
        {"kind": "county", "name": "Stockholms län", "url": "/lan/stockholm/"}
    ]


def test_the_spelling_with_diacritics_decides_between_names_that_fold_alike(client, indexed):
    from portal.models import Municipality

    habo = Municipality.objects.get(name="Habo")
    haabo = Municipality.objects.get(name="Håbo")
    assert overview(client, "Håbo") == [
        {"kind": "municipality", "name": "Håbo", "url": f"/kommuner/{haabo.slug}/"}
    ]
    assert overview(client, "habo") == [
        {"kind": "municipality", "name": "Habo", "url": f"/kommuner/{habo.slug}/"}
    ]


def test_the_page_shows_the_overview_first(client, indexed):
    html = client.get("/sok/", {"q": "Leksand"}).content.decode()
    assert 'overview-hit"' in html
    box = html.index('overview-hit"')
    assert box < html.index('id="results-heading"')
    link = html.index('href="/kommuner/leksand/"', box)
    assert link < html.index('id="results-heading"')
    assert "Översikt" in html[box:link]
    # the search's own hits follow
    assert "Språkcafé Leksand" in html[link:]


def test_the_overview_is_offered_also_without_hits(client, indexed):
    html = client.get("/sok/", {"q": "Blekinge län"}).content.decode()
    assert 'href="/lan/blekinge/"' in html
    assert "Inget matchade din sökning" in html


def test_free_text_page_has_no_overview_box(client, indexed):
    html = client.get("/sok/", {"q": "leksands kommun avtal"}).content.decode()
    assert "overview-hit" not in html
    assert "/kommuner/leksand/" not in html


def _count(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sok/", params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_the_overview_lookup_keeps_the_query_count_constant(client, indexed, fmt):
    params = {"q": "Leksand", "lan": "dalarna", "format": fmt}
    DatabaseBackend().index(
        SearchDocumentFactory(
            title=f"Leksand {i}", county_codes=["20"], municipality_codes=["2029"]
        )
        for i in range(5)
    )
    client.get("/sok/", params)
    small = _count(client, params)
    municipalities = ["2029", "2031", "2021", "2023", "2026", "2034", "2039", "2061", "2062"]
    DatabaseBackend().index(
        SearchDocumentFactory(
            title=f"Leksand {i}",
            county_codes=["20"],
            municipality_codes=[municipalities[i % len(municipalities)]],
        )
        for i in range(5, 120)
    )
    assert _count(client, params) == small
