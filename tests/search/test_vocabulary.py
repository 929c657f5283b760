"""/sok/ in the site's one filter vocabulary: lan, kommun (slugs), typ, ar, malgrupp, amne,
sida and sortera; the old names and codes answer 301 to the same search in the new words."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from search.backends.database import DatabaseBackend

from .conftest import make_documents

pytestmark = pytest.mark.django_db

VOCABULARY = {"q", "typ", "lan", "kommun", "ar", "malgrupp", "amne", "sida", "sortera", "format"}
OLD_NAMES = {"kind", "county", "municipality", "year", "target_group", "tag", "page", "sort"}


@pytest.fixture
def indexed(db):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    backend = DatabaseBackend()
    backend.index(make_documents())
    return backend


def _location(response):
    assert response.status_code == 301, response.status_code
    return response["Location"]


# ---- old addresses answer 301 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/sok/?q=rök&county=20&page=2", "/sok/?q=r%C3%B6k&lan=dalarna&sida=2"),
        (
            "/sok/?q=avtal&municipality=2031&municipality=2029&kind=agreement&kind=event",
            "/sok/?q=avtal&kommun=rattvik&kommun=leksand&typ=agreement&typ=event",
        ),
        (
            "/sok/?q=avtal&year=2023&target_group=kvotflyktingar&tag=spr%C3%A5k&sort=date",
            "/sok/?q=avtal&ar=2023&malgrupp=kvotflyktingar&amne=spr%C3%A5k&sortera=datum",
        ),
        ("/sok/?q=avtal&county=00&county=17", "/sok/?q=avtal&lan=hela-landet&lan=varmland"),
        # the new names with the old codes and sort keys
        ("/sok/?q=avtal&lan=20&kommun=2029", "/sok/?q=avtal&lan=dalarna&kommun=leksand"),
        ("/sok/?q=avtal&sortera=date", "/sok/?q=avtal&sortera=datum"),
        # the JSON and the Atom feed keep their format
        ("/sok/?q=avtal&county=20&format=json", "/sok/?q=avtal&lan=dalarna&format=json"),
        ("/sok/?q=avtal&county=20&format=atom", "/sok/?q=avtal&lan=dalarna&format=atom"),
        # an unknown code keeps its value under the new name (and is then ignored there)
        ("/sok/?q=avtal&county=99", "/sok/?q=avtal&lan=99"),
    ],
)
def test_old_names_and_codes_redirect_permanently(client, db, old, new):
    assert _location(client.get(old)) == new


def test_the_redirect_target_is_the_same_search(client, indexed):
    old = client.get("/sok/", {"q": "överenskommelse", "municipality": "2031", "format": "json"})
    new = client.get(old["Location"]).json()
    assert new["total"] == 1
    assert [r["title"] for r in new["results"]] == ["Lokal överenskommelse i Rättvik"]


def test_new_names_are_not_redirected(client, indexed):
    response = client.get("/sok/", {"q": "överenskommelse", "kommun": "rattvik", "sida": "1"})
    assert response.status_code == 200


# ---- the new names filter as the old ones did -------------------------------------------


def _json(client, params):
    response = client.get("/sok/", {**params, "format": "json"})
    assert response.status_code == 200, response.status_code
    return response.json()


def test_municipality_and_county_slugs_filter(client, indexed):
    data = _json(client, {"q": "överenskommelse", "kommun": "rattvik"})
    assert [r["title"] for r in data["results"]] == ["Lokal överenskommelse i Rättvik"]
    data = _json(client, {"q": "överenskommelse", "lan": "varmland"})
    assert [r["title"] for r in data["results"]] == ["Regional överenskommelse för Värmland"]
    assert data["filters"] == {"county": ["17"]}


def test_the_national_slug_gives_content_tied_to_no_county(client, indexed):
    data = _json(client, {"q": "samverkan", "lan": "hela-landet"})
    assert data["total"] >= 1
    assert all(r["national"] for r in data["results"])
    everything = _json(client, {"q": "samverkan"})
    national = next(v for v in everything["facets"]["county"] if v["value"] == "00")
    assert national["label"] == "Hela landet"
    assert national["href"] == "?q=samverkan&lan=hela-landet"
    assert national["count"] == data["total"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kommun": "rattvik"},
        {"lan": "dalarna"},
        {"typ": "agreement", "lan": "dalarna"},
        {"malgrupp": "kvotflyktingar"},
    ],
)
def test_each_facet_link_gives_the_count_it_shows(client, indexed, params):
    """A facet value's link (in the new words) adds the value; clicking the value instead of
    the facet's current selection gives as many hits as the value says."""
    base = {"q": "överenskommelse OR kvotflyktingar OR svenska OR samverkan OR Leksand", **params}
    data = _json(client, base)
    checked = 0
    for facet, values in data["facets"].items():
        for value in values:
            pairs = parse_qsl(urlsplit(value["href"]).query)
            assert {name for name, _ in pairs} <= VOCABULARY, value["href"]
            if value["selected"]:
                continue  # its link removes it
            name, slug = _added(pairs, base)
            click = [(n, v) for n, v in pairs if n != name] + [(name, slug), ("format", "json")]
            clicked = client.get("/sok/?" + urlencode(click))
            assert clicked.status_code == 200, click
            assert clicked.json()["total"] == value["count"], (facet, value["value"], click)
            checked += 1
    assert checked >= 5


def _added(pairs, base):
    """The (name, value) pair a facet link adds to the current search ``base``."""
    current = {(name, value) for name, value in base.items()}
    (added,) = [pair for pair in pairs if pair not in current]
    return added


# ---- every link the page builds uses the new names ---------------------------------------


def _query_names(html):
    """The parameter names of every link into /sok/ and every field of the search form."""
    names = set()
    for href in re.findall(r'href="([^"]*)"', html):
        href = unescape(href)
        if href.startswith("?") or href.startswith("/sok/?"):
            names |= {name for name, _ in parse_qsl(urlsplit(href).query)}
    form = html[html.index('role="search" class="search-form"') :]
    form = form[: form.index("</form>")]
    names |= set(re.findall(r'name="([^"]+)"', form))
    return names


def test_links_on_the_page_use_the_new_names(client, indexed, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 1
    html = client.get(
        "/sok/", {"q": "Dalarna OR Leksand OR Rättvik OR Värmland", "lan": "dalarna"}
    ).content.decode()
    names = _query_names(html)
    assert names & OLD_NAMES == set(), names & OLD_NAMES
    assert {"lan", "sida", "sortera"} <= names
    assert "sida=2" in html
    assert "sortera=datum" in html
    # the chosen county is kept by the search box and offered for removal by its slug
    assert '<input type="hidden" name="lan" value="dalarna">' in html
    assert 'name="kommun" value="leksand"' in html  # the facet's checkboxes
    assert "county=" not in html and "municipality=" not in html


def test_sorted_and_paged_links_keep_the_new_names(client, indexed, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 1
    html = client.get(
        "/sok/",
        {"q": "Dalarna OR Leksand OR Rättvik OR Värmland", "sortera": "datum", "sida": "2"},
    ).content.decode()
    assert "Sida 2 av" in html
    assert _query_names(html) & OLD_NAMES == set()
    assert "sortera=datum" in html
    assert '<input type="hidden" name="sortera" value="datum">' in html


def test_remove_filter_link_uses_the_slug(client, indexed):
    html = client.get("/sok/", {"q": "överenskommelse", "kommun": "rattvik"}).content.decode()
    removal = re.search(r'<a href="([^"]*)">Ta bort filtret Kommun: Rättvik', html)
    assert removal, html
    assert "kommun" not in unescape(removal.group(1))
    assert "q=%C3%B6verenskommelse" in removal.group(1)


def test_did_you_mean_keeps_the_filters_in_the_new_names(client, indexed):
    html = client.get("/sok/", {"q": "kvotflyktnigar", "lan": "dalarna"}).content.decode()
    assert "Menade du" in html
    assert "?q=kvotflyktingar&amp;lan=dalarna" in html


# ---- junk values are ignored with a notice -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("lan", "atlantis"),
        ("lan", "99"),
        ("kommun", "2029'; --"),
        ("typ", "nonsense"),
        ("ar", "13"),
        ("malgrupp", "<script>"),
    ],
)
def test_unknown_values_are_ignored_with_a_notice(client, indexed, name, value):
    plain = _json(client, {"q": "Dalarna"})
    data = _json(client, {"q": "Dalarna", name: value})
    assert data["total"] == plain["total"] == 1
    assert data["filters"] == {}
    assert any("känns inte igen" in m for m in data["messages"]), data["messages"]
    html = client.get("/sok/", {"q": "Dalarna", name: value}).content.decode()
    assert "känns inte igen" in html
    assert "1 träff för" in html


@pytest.mark.parametrize(
    "params", [{"sida": "abc"}, {"sida": "0"}, {"sida": "-3"}, {"sortera": "evil"}]
)
def test_junk_page_and_sort_fall_back_without_an_error(client, indexed, params):
    data = _json(client, {"q": "Dalarna", **params})
    assert data["total"] == 1
    assert data["page"] == 1
    assert data["sort"] == "relevance"
