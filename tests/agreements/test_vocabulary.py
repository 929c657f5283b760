"""The agreement register speaks the site's one filter vocabulary (lan, kommun, typ, status
galler/kommande/upphort, ar, sida); the old names and values answer 301 to the new address."""

import re
from html import unescape

import pytest

from agreements.factories import AgreementPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(page.title for page in response.context["agreements"])


def hrefs(html):
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/overenskommelser/?county=dalarna&status=in_force&page=2",
            "/overenskommelser/?lan=dalarna&status=galler&sida=2",
        ),
        (
            "/overenskommelser/?type=lok&municipality=leksand&status=expired&year=2026",
            "/overenskommelser/?typ=lok&kommun=leksand&status=upphort&ar=2026",
        ),
        ("/overenskommelser/?status=upcoming", "/overenskommelser/?status=kommande"),
        ("/overenskommelser/?lan=blekinge&page=3", "/overenskommelser/?lan=blekinge&sida=3"),
    ],
)
def test_old_names_and_values_redirect_permanently(client, sample_agreements, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_new_address_shows_what_the_old_one_showed(client, sample_agreements):
    response = client.get("/overenskommelser/?county=blekinge&status=expired", follow=True)
    assert response.redirect_chain == [("/overenskommelser/?lan=blekinge&status=upphort", 301)]
    assert titles(response) == ["LÖK Karlskrona och Ronneby", "RÖK Blekinge 2019–2021"]
    assert not response.context["ignored_filters"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"typ": "lok"}, ["LÖK Karlskrona och Ronneby", "LÖK Leksand"]),
        ({"lan": "dalarna"}, ["LÖK Leksand", "RÖK Dalarna 2027–2029"]),
        ({"kommun": "olofstrom"}, ["RÖK Blekinge 2019–2021", "RÖK Blekinge 2022–2026"]),
        ({"status": "galler"}, ["LÖK Leksand", "RÖK Blekinge 2022–2026"]),
        ({"status": "kommande"}, ["RÖK Dalarna 2027–2029"]),
        ({"ar": "2020"}, ["LÖK Karlskrona och Ronneby", "RÖK Blekinge 2019–2021"]),
    ],
)
def test_each_new_name_filters(client, sample_agreements, query, expected):
    response = client.get("/overenskommelser/", query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_filter_form_uses_the_new_names_and_values(client, sample_agreements):
    html = client.get("/overenskommelser/", {"lan": "blekinge"}).content.decode()
    start = html.index("data-filter-form")
    form = html[start : html.index("</form>", start)]
    names = re.findall(r'name="([^"]+)"', form)
    assert names == ["typ", "status", "lan", "kommun", "ar"]
    assert 'value="galler"' in form and 'value="kommande"' in form and 'value="upphort"' in form
    assert "in_force" not in form and 'name="county"' not in form
    assert 'value="blekinge" selected' in form


def test_pagination_and_reuse_links_carry_the_new_names(client, agreement_index, today):
    for n in range(25):
        AgreementPageFactory(parent=agreement_index, title=f"RÖK {n}")
    html = client.get("/overenskommelser/", {"typ": "rok", "status": "galler"}).content.decode()
    links = hrefs(html)
    assert "?typ=rok&status=galler&sida=2" in links
    assert not [h for h in links if re.search(r"[?&](page|type|county|municipality)=", h)]
    downloads = [h for h in links if h.startswith(("/oppna-data/", "/bevaka/"))]
    assert downloads and all("typ=rok&status=galler" in h for h in downloads), downloads
    second = client.get("/overenskommelser/", {"typ": "rok", "status": "galler", "sida": 2})
    assert len(second.context["agreements"].object_list) == 5
    assert "?typ=rok&status=galler&sida=1" in hrefs(second.content.decode())


@pytest.mark.parametrize(
    "query", ["?lan=atlantis", "?status=forever", "?typ=xyz", "?ar=abc", "?kommun=%00"]
)
def test_a_junk_value_is_ignored_with_the_notice(client, sample_agreements, query):
    response = client.get("/overenskommelser/" + query)
    assert response.status_code == 200
    assert response.context["result_count"] == len(sample_agreements)
    assert "kändes inte igen och har ignorerats" in response.content.decode()


# ---- the project index (/projekt/): status pagar/kommande/avslutade, sida ---------------


@pytest.fixture
def projects(home, today):
    from agreements.factories import ProjectIndexPageFactory, ProjectPageFactory

    D = __import__("datetime").date
    index = ProjectIndexPageFactory(parent=home)
    return {
        "index": index,
        "running": ProjectPageFactory(
            parent=index, title="Pågår", starts_on=D(2024, 1, 1), ends_on=D(2027, 12, 31)
        ),
        "finished": ProjectPageFactory(
            parent=index, title="Klart", starts_on=D(2022, 11, 1), ends_on=D(2026, 6, 30)
        ),
        "upcoming": ProjectPageFactory(
            parent=index, title="Snart", starts_on=D(2027, 3, 1), ends_on=D(2028, 6, 30)
        ),
    }


def project_titles(response):
    return sorted(page.title for page in response.context["projects"])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/projekt/?status=running", "/projekt/?status=pagar"),
        ("/projekt/?status=finished&page=2", "/projekt/?status=avslutade&sida=2"),
        ("/projekt/?status=upcoming", "/projekt/?status=kommande"),
        ("/projekt/?page=3", "/projekt/?sida=3"),
    ],
)
def test_old_project_index_addresses_redirect_permanently(client, projects, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize(
    ("status", "expected"),
    [("pagar", ["Pågår"]), ("kommande", ["Snart"]), ("avslutade", ["Klart"]), ("", None)],
)
def test_project_index_filters_with_the_new_values(client, projects, status, expected):
    response = client.get("/projekt/", {"status": status} if status else {})
    assert response.status_code == 200
    assert project_titles(response) == (expected or ["Klart", "Pågår", "Snart"])


def test_project_index_form_offers_the_new_values(client, projects):
    html = client.get("/projekt/", {"status": "pagar"}).content.decode()
    form = html[html.index('<form class="filters"') :]
    form = form[: form.index("</form>")]
    assert re.findall(r'name="status" value="([^"]*)"', form) == [
        "",
        "pagar",
        "kommande",
        "avslutade",
    ]
    assert 'value="pagar" checked' in form
    assert "running" not in form and "finished" not in form


def test_project_index_pages_with_sida(client, projects):
    from agreements.factories import ProjectPageFactory

    for n in range(25):
        ProjectPageFactory(parent=projects["index"], title=f"Projekt {n:02}")
    first = client.get("/projekt/", {"status": "pagar"})
    links = hrefs(first.content.decode())
    assert "?status=pagar&sida=2" in links
    assert not [h for h in links if re.search(r"[?&]page=", h)]
    second = client.get("/projekt/", {"status": "pagar", "sida": 2})
    assert second.status_code == 200
    assert second.context["projects"].number == 2
    assert len(second.context["projects"].object_list) == 6
    assert "?status=pagar&sida=1" in hrefs(second.content.decode())


@pytest.mark.parametrize("query", ["?status=forever", "?status=%00", "?sida=abc"])
def test_project_index_junk_is_ignored(client, projects, query):
    response = client.get("/projekt/" + query)
    assert response.status_code == 200
    assert project_titles(response) == ["Klart", "Pågår", "Snart"]
    notice = "kändes inte igen och har ignorerats" in response.content.decode()
    assert notice == query.startswith("?status=")
