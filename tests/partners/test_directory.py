"""The public directory at /foreningar/: what is shown, filters, escaping, JSON-LD, queries."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Activity, ActivityKind, Organisation
from portal.models import TargetGroup

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["organisations"]]


def test_directory_lists_only_verified_organisations(client, org_a, leksand):
    for status in ("pending", "rejected", "suspended"):
        OrganisationFactory(name=f"Dold {status}", status=status, municipalities=[leksand])
    response = client.get("/foreningar/")
    assert response.status_code == 200
    assert names(response) == [org_a.name]
    assert b"Dold" not in response.content


def test_hidden_organisations_and_draft_activities_have_no_public_page(client, org_a, leksand):
    pending = OrganisationFactory(status=Organisation.Status.PENDING, municipalities=[leksand])
    pending_activity = ActivityFactory(organisation=pending)
    draft = ActivityFactory(organisation=org_a, status=Activity.Status.DRAFT, title="Utkastet")
    archived = ActivityFactory(organisation=org_a, status=Activity.Status.ARCHIVED)
    assert client.get(pending.get_absolute_url()).status_code == 404
    for activity in (pending_activity, draft, archived):
        assert client.get(activity.get_absolute_url()).status_code == 404
    assert b"Utkastet" not in client.get(org_a.get_absolute_url()).content
    assert b"Utkastet" not in client.get("/foreningar/aktiviteter/").content


def test_filters_combine_and_stay_in_the_url(client, org_a, leksand, karlskrona):
    group = TargetGroup.objects.get(slug="ensamkommande")
    blekinge = OrganisationFactory(name="Blekingehjälpen", municipalities=[karlskrona])
    blekinge.languages = ["ar", "sv"]
    blekinge.save()
    blekinge.target_groups.add(group)
    blekinge.areas.add("läxhjälp")
    ActivityFactory(organisation=blekinge, kind=ActivityKind.HOMEWORK_HELP)
    org_a.languages = ["sv"]
    org_a.save()

    assert names(client.get("/foreningar/?lan=blekinge")) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/?lan=dalarna")) == [org_a.name]
    assert names(client.get("/foreningar/?kommun=leksand")) == [org_a.name]
    assert names(client.get("/foreningar/?sprak=sv")) == ["Blekingehjälpen", org_a.name]
    assert names(client.get("/foreningar/?sprak=ar&lan=blekinge")) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/?sprak=ar&lan=dalarna")) == []
    assert names(client.get("/foreningar/?malgrupp=ensamkommande")) == ["Blekingehjälpen"]
    slug = blekinge.areas.get().slug
    assert names(client.get("/foreningar/", {"amne": slug})) == ["Blekingehjälpen"]
    assert names(client.get("/foreningar/?typ=homework_help")) == ["Blekingehjälpen"]
    response = client.get("/foreningar/?lan=blekinge&sida=1")
    assert 'value="blekinge" selected' in response.content.decode()


def test_empty_state_and_counts(client, org_a):
    response = client.get("/foreningar/?sprak=so")
    content = response.content.decode()
    assert "0 organisationer" in content
    assert "Inga organisationer matchar" in content
    assert "1 organisation" in client.get("/foreningar/").content.decode()


def test_activity_directory_filters_by_municipality_and_kind_with_counts(
    client, org_a, leksand, karlskrona
):
    ActivityFactory(
        organisation=org_a,
        title="Läxis",
        kind=ActivityKind.HOMEWORK_HELP,
        municipality=leksand,
        is_online=False,
    )
    ActivityFactory(
        organisation=org_a, title="Fika i Karlskrona", municipality=karlskrona, is_online=False
    )
    response = client.get("/foreningar/aktiviteter/?kommun=leksand")
    assert [a.title for a in response.context["activities"]] == ["Läxis"]
    response = client.get("/foreningar/aktiviteter/?typ=language_cafe")
    assert [a.title for a in response.context["activities"]] == ["Fika i Karlskrona"]
    kinds = {value: count for value, _label, count in response.context["kinds"]}
    assert kinds["homework_help"] == 1
    assert kinds["language_cafe"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "lan=%3Cscript%3E",
        "kommun=9999",
        "typ=%27%22",
        "sprak=zz",
        "malgrupp=%25",
        "amne=finns-inte",
        "sida=-1",
        "sida=abc",
        "sida=1000000",
    ],
)
def test_junk_filters_are_reported_and_never_an_error(client, org_a, query):
    for url in ("/foreningar/", "/foreningar/aktiviteter/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
    if not query.startswith("sida"):
        response = client.get(f"/foreningar/?{query}")
        assert "inte känner igen" in response.content.decode()
        assert names(response) == [org_a.name]


def test_html_in_text_fields_is_escaped(client, leksand):
    organisation = OrganisationFactory(
        name="<script>alert(1)</script>",
        description="<b>fet</b> & </script><script>alert(2)</script>",
        municipalities=[leksand],
    )
    activity = ActivityFactory(organisation=organisation, title="<img src=x onerror=alert(3)>")
    for url in (
        "/foreningar/",
        organisation.get_absolute_url(),
        "/foreningar/aktiviteter/",
        activity.get_absolute_url(),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content
        assert "<img src=x" not in content


def test_organisation_page_has_json_ld_and_hides_private_contact_details(client, org_a, activity_a):
    org_a.email = "kansli@sprakvannerna.example"
    org_a.phone = "0247-123 45"
    org_a.email_public = True
    org_a.phone_public = False
    org_a.description = "Vi </script> gillar språk"
    org_a.save()
    response = client.get(org_a.get_absolute_url())
    content = response.content.decode()
    assert activity_a.title in content
    assert "0247-123 45" not in content
    assert "agare@example.se" not in content
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == org_a.name
    assert data["email"] == "kansli@sprakvannerna.example"
    assert "telephone" not in data
    assert data["description"] == "Vi </script> gillar språk"
    assert data["areaServed"][0]["name"] == "Leksand"


def test_unknown_slug_gives_404(client, home):
    assert client.get("/foreningar/finns-inte/").status_code == 404
    assert client.get("/foreningar/finns-inte/aktiviteter/999/").status_code == 404


def build(count, leksand, karlskrona):
    groups = list(TargetGroup.objects.all()[:2])
    for _index in range(count):
        organisation = OrganisationFactory(municipalities=[leksand, karlskrona])
        organisation.languages = ["sv", "ar"]  # so that the language filter finds them
        organisation.save()
        organisation.target_groups.set(groups)
        organisation.areas.add("läxhjälp", "språkträning")
        activity = ActivityFactory(organisation=organisation, municipality=leksand)
        activity.target_groups.set(groups)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/foreningar/",
        "/foreningar/?lan=dalarna&sprak=sv&sida=2",
        "/foreningar/aktiviteter/",
        "/foreningar/aktiviteter/?kommun=leksand&typ=language_cafe",
    ],
)
def test_directory_keeps_a_constant_number_of_queries(client, home, leksand, karlskrona, url):
    """Constant both for the first render after a change (counts and options computed) and
    for a repeat (kept in the cache: fewer)."""
    build(10, leksand, karlskrona)
    client.get(url)  # site root, content types
    build(1, leksand, karlskrona)  # a change: the kept parts start afresh
    small = count_queries(client, url), count_queries(client, url)
    build(190, leksand, karlskrona)
    large = count_queries(client, url), count_queries(client, url)
    assert small == large
    assert small[1] < small[0]
    assert client.get(url).context["result_count"] > 0  # the filtered page is not empty


def test_organisation_page_keeps_a_constant_number_of_queries(client, org_a, leksand):
    ActivityFactory(organisation=org_a)
    url = org_a.get_absolute_url()
    client.get(url)
    small = count_queries(client, url)
    for _ in range(20):
        ActivityFactory(organisation=org_a, municipality=leksand).target_groups.set(
            TargetGroup.objects.all()[:2]
        )
    org_a.areas.add("idrott", "kultur")
    client.get(url)  # a change makes the kept site chrome fresh once (portal.context_processors)
    assert count_queries(client, url) == small
