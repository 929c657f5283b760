"""/sok/ as a visitor meets it: the page, the JSON, suggestions, and junk input."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends.database import DatabaseBackend
from search.factories import SearchDocumentFactory

from .conftest import make_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(db):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    backend = DatabaseBackend()
    backend.index(make_documents())
    return backend


def test_page_without_query_invites_a_search(client, db):
    response = client.get("/sok/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'name="q"' in html
    assert "Skriv vad du letar efter" in html


def test_results_page_keeps_query_and_shows_count_facets_and_snippets(client, indexed):
    response = client.get("/sok/", {"q": "kvotflykting"})
    html = response.content.decode()
    assert 'value="kvotflykting"' in html
    assert "1 träff för" in html
    assert "<mark>kvotflyktingar</mark>" in html.lower() or "<mark>Kvotflyktingar</mark>" in html
    assert "Mottagande av kvotflyktingar i Dalarna" in html
    # the facet form keeps the query and offers the county as a checkbox
    assert '<input type="hidden" name="q" value="kvotflykting">' in html
    assert 'name="lan" value="dalarna"' in html
    assert "Dalarna" in html


def test_pdf_hit_says_which_page(client, indexed):
    html = client.get("/sok/", {"q": "reflektionsfrågor"}).content.decode()
    assert "sidan 4 i metodstod-2017.pdf" in html


def test_facet_filter_and_removal_links(client, indexed):
    html = client.get("/sok/", {"q": "överenskommelse", "kommun": "rattvik"}).content.decode()
    assert "Lokal överenskommelse i Rättvik" in html
    assert "Regional överenskommelse för Värmland" not in html
    assert "Ta bort filtret" in html
    assert 'aria-current="true"' in html


def test_sort_and_pagination_links(client, indexed, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    html = client.get("/sok/", {"q": "Dalarna OR Leksand OR Rättvik OR Värmland"}).content.decode()
    assert 'aria-current="page"' in html
    assert "sida=2" in html
    assert "sortera=datum" in html
    html = client.get(
        "/sok/", {"q": "Dalarna OR Leksand OR Rättvik OR Värmland", "sida": "2"}
    ).content.decode()
    assert "Sida 2 av 2" in html


def test_did_you_mean_link(client, indexed):
    html = client.get("/sok/", {"q": "kvotflyktnigar"}).content.decode()
    assert "Menade du" in html
    assert "?q=kvotflyktingar" in html


def test_json_has_the_documented_shape(client, indexed):
    response = client.get("/sok/", {"q": "Dalarna", "format": "json"})
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["query"] == "Dalarna"
    assert data["total"] == 1
    assert isinstance(data["took_ms"], float | int)
    result = data["results"][0]
    assert set(result) >= {"kind", "title", "url", "snippet", "date"}
    assert result["date"] == "2024-03-01"
    assert data["facets"]["county"] == [
        {
            "value": "20",
            "label": "Dalarna",
            "count": 1,
            "selected": False,
            "estimated": False,
            "href": "?q=Dalarna&lan=dalarna",
        }
    ]
    assert data["overview"] == [{"kind": "county", "name": "Dalarnas län", "url": "/lan/dalarna/"}]
    assert data["facets_estimated"] is False


def test_long_query_is_cut_with_a_message(client, indexed):
    data = client.get("/sok/", {"q": "Dalarna " * 2000, "format": "json"}).json()
    assert len(data["query"]) <= 200
    assert data["messages"]
    html = client.get("/sok/", {"q": "Dalarna " * 2000}).content.decode()
    assert "förkortades" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "!!!???"},
        {"q": '"obalanserat'},
        {"q": "a & b | !c :* <->"},
        {"q": "title:foo AND bar^2 OR baz~ [1 TO 5]"},
        {"q": "kvot\x00flykting\x1b"},
        {"q": "Dalarna", "sida": "0"},
        {"q": "Dalarna", "sida": "-1"},
        {"q": "Dalarna", "sida": "1000000000"},
        {"q": "Dalarna", "sida": "abc"},
        {"q": "Dalarna", "lan": "99"},
        {"q": "Dalarna", "lan": "<script>"},
        {"q": "Dalarna", "lan": "hela-landet", "kommun": "hela-landet"},
        {"q": "Dalarna", "typ": "nonsense"},
        {"q": "Dalarna", "ar": "13"},
        {"q": "Dalarna", "kommun": "2029'; --"},
        {"q": "Dalarna", "sortera": "evil"},
        {"q": "Dalarna", "amne": "x" * 500},
        {"q": "Dalarna", "lan": ["dalarna"] * 50},
        {"q": "Dalarna", "county": "<script>", "page": "abc", "sort": "evil"},
        {"q": "Dalarna", "municipality": "2029'; --", "year": "13", "tag": "x" * 500},
    ],
)
def test_junk_never_gives_an_error(client, indexed, params):
    assert client.get("/sok/", params, follow=True).status_code == 200
    response = client.get("/sok/", {**params, "format": "json"}, follow=True)
    assert response.status_code == 200
    json.loads(response.content)


def test_unknown_filters_are_ignored_with_a_message(client, indexed):
    data = client.get("/sok/", {"q": "Dalarna", "typ": "nonsense", "format": "json"}).json()
    assert data["total"] == 1
    assert data["messages"]


def test_page_beyond_the_end_shows_the_last_page(client, indexed):
    data = client.get("/sok/", {"q": "Dalarna", "sida": "1000000000", "format": "json"}).json()
    assert data["total"] == 1
    assert len(data["results"]) == 1


def test_invalid_utf8_in_the_url(client, indexed):
    response = client.get("/sok/?q=%ff%fe%80kvot&format=json")
    assert response.status_code == 200
    response = client.get("/sok/?q=%C3%28&lan=%ff")
    assert response.status_code == 200
    response = client.get("/sok/?q=%C3%28&county=%ff", follow=True)
    assert response.status_code == 200


def test_suggestions(client, indexed):
    data = client.get("/sok/forslag/", {"q": "Språkc"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Språkcafé Leksand"]
    assert data["suggestions"][0]["url"] == "/foreningar/sprakcafe-leksand/"
    assert client.get("/sok/forslag/", {"q": "\x00"}).json()["suggestions"] == []
    assert client.get("/sok/forslag/").status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_random_text_gives_valid_json(client, indexed, text):
    response = client.get("/sok/", {"q": text, "format": "json"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["total"] >= 0


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sok/", params)
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_index(client, indexed):
    params = {"q": "samverkan", "lan": "dalarna"}
    json_params = {**params, "format": "json"}
    counties = ["20", "17", "03"]
    DatabaseBackend().index(
        SearchDocumentFactory(county_codes=[counties[i % 3]], tags=[f"tagg{i}"]) for i in range(10)
    )
    client.get("/sok/", params)
    small, json_small = _count_queries(client, params), _count_queries(client, json_params)
    DatabaseBackend().index(
        SearchDocumentFactory(county_codes=[counties[i % 3]], tags=[f"tagg{i}"]) for i in range(200)
    )
    large, json_large = _count_queries(client, params), _count_queries(client, json_params)
    assert small == large
    assert json_small == json_large
