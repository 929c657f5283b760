"""The directory (organisations and activities) speaks the site's one filter vocabulary (lan,
kommun, amne, malgrupp, sprak, typ, sida); the old names answer 301 to the new address."""

import re
from html import unescape
from urllib.parse import quote

import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import ActivityKind
from portal.models import TargetGroup

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["organisations"]]


def hrefs(response):
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())]


OLD_LINK = re.compile(r"[?&](page|county|municipality|area|target_group|language|kind)=")


@pytest.fixture
def blekinge_org(karlskrona):
    organisation = OrganisationFactory(name="Blekingehjälpen", municipalities=[karlskrona])
    organisation.languages = ["ar", "sv"]
    organisation.save()
    organisation.target_groups.add(TargetGroup.objects.get(slug="ensamkommande"))
    organisation.areas.add("läxhjälp")
    ActivityFactory(
        organisation=organisation,
        title="Läxhjälp i Karlskrona",
        kind=ActivityKind.HOMEWORK_HELP,
        municipality=karlskrona,
        is_online=False,
    )
    return organisation


@pytest.mark.parametrize("path", ["/foreningar/", "/foreningar/aktiviteter/"])
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("municipality=leksand&area=laxhjalp&page=2", "kommun=leksand&amne=laxhjalp&sida=2"),
        (
            "county=dalarna&target_group=ensamkommande&language=ar&kind=homework_help",
            "lan=dalarna&malgrupp=ensamkommande&sprak=ar&typ=homework_help",
        ),
        ("lan=dalarna&page=3", "lan=dalarna&sida=3"),
    ],
)
def test_old_names_redirect_permanently(client, org_a, path, old, new):
    response = client.get(f"{path}?{old}")
    assert response.status_code == 301
    assert response["Location"] == f"{path}?{new}"


def test_the_new_address_shows_what_the_old_one_showed(client, org_a, blekinge_org):
    response = client.get("/foreningar/?county=blekinge&language=ar", follow=True)
    assert response.redirect_chain == [("/foreningar/?lan=blekinge&sprak=ar", 301)]
    assert names(response) == ["Blekingehjälpen"]
    slug = blekinge_org.areas.get().slug
    response = client.get(f"/foreningar/aktiviteter/?area={slug}", follow=True)
    assert response.redirect_chain == [(f"/foreningar/aktiviteter/?amne={quote(slug)}", 301)]
    assert [a.title for a in response.context["activities"]] == ["Läxhjälp i Karlskrona"]


def test_each_new_name_filters(client, org_a, blekinge_org):
    slug = blekinge_org.areas.get().slug
    assert names(client.get("/foreningar/?lan=blekinge")) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/?lan=dalarna")) == [org_a.name]
    assert names(client.get("/foreningar/?kommun=leksand")) == [org_a.name]
    assert names(client.get("/foreningar/?sprak=ar")) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/?malgrupp=ensamkommande")) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/", {"amne": slug})) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/?typ=homework_help")) == ["Blekingehjälpen"]
    activities = client.get("/foreningar/aktiviteter/?typ=homework_help&kommun=karlskrona")
    assert [a.title for a in activities.context["activities"]] == ["Läxhjälp i Karlskrona"]


@pytest.mark.parametrize("path", ["/foreningar/", "/foreningar/aktiviteter/"])
def test_the_filter_form_uses_the_new_names(client, org_a, path):
    html = client.get(path, {"lan": "dalarna"}).content.decode()
    start = html.index("data-filter-form")
    form = html[start : html.index("</form>", start)]
    assert re.findall(r'name="([^"]+)"', form) == [
        "lan",
        "kommun",
        "amne",
        "malgrupp",
        "sprak",
        "typ",
    ]
    assert 'value="dalarna" selected' in form


def test_pagination_facets_and_tabs_carry_the_new_names(client, org_a, leksand):
    for n in range(25):
        OrganisationFactory(name=f"Förening {n:02}", municipalities=[leksand])
        ActivityFactory(organisation=org_a, municipality=leksand, is_online=False)
    response = client.get("/foreningar/?kommun=leksand")
    links = hrefs(response)
    assert "?kommun=leksand&sida=2" in links
    assert "/foreningar/aktiviteter/?kommun=leksand" in links
    assert not [h for h in links if OLD_LINK.search(h)]
    second = client.get("/foreningar/?kommun=leksand&sida=2")
    assert len(second.context["organisations"]) == 6
    response = client.get("/foreningar/aktiviteter/?kommun=leksand&sida=2")
    links = hrefs(response)
    assert "?kommun=leksand&sida=1" in links
    # a kind facet starts again at the first page
    assert "?kommun=leksand&typ=language_cafe" in links
    assert not [h for h in links if OLD_LINK.search(h)]
    downloads = [h for h in links if h.startswith(("/oppna-data/", "/bevaka/"))]
    assert downloads and all("kommun=leksand" in h for h in downloads), downloads


def test_area_links_on_an_organisation_page_use_the_new_name(client, blekinge_org):
    slug = blekinge_org.areas.get().slug
    links = hrefs(client.get(blekinge_org.get_absolute_url()))
    assert f"/foreningar/?amne={quote(slug)}" in links


@pytest.mark.parametrize(
    "query", ["lan=atlantis", "kommun=9999", "typ=%27%22", "sprak=zz", "malgrupp=%25"]
)
def test_a_junk_value_is_ignored_with_the_notice(client, org_a, query):
    for path in ("/foreningar/", "/foreningar/aktiviteter/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200
        assert "inte känner igen" in response.content.decode()
    assert names(client.get(f"/foreningar/?{query}")) == [org_a.name]
