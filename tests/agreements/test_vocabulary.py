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
