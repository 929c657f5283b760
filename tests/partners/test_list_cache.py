"""The directory keeps the areas in use, the filters' options and the counts in the shared
cache (issue 17.3); a verification, a suspension, a new organisation or activity, a new area
tag or a moderation decision shows at once in the lists, their counts and their options."""

from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Activity, ActivityKind, Organisation

pytestmark = pytest.mark.django_db

ORGANISATIONS = ["/foreningar/", "/foreningar/?kommun=leksand&amne=" + quote("läxhjälp")]
ACTIVITIES = ["/foreningar/aktiviteter/", "/foreningar/aktiviteter/?kommun=leksand"]


def areas(response):
    field = next(f for f in response.context["filter_fields"] if f["name"] == "amne")
    return [slug for slug, _name in field["options"]]


def kind_count(response, kind):
    return next(count for value, _label, count in response.context["kinds"] if value == kind)


def names(response):
    return [o.name for o in response.context["organisations"]]


@pytest.fixture
def tagged(org_a, leksand):
    org_a.areas.add("läxhjälp")
    ActivityFactory(organisation=org_a, municipality=leksand, kind=ActivityKind.LANGUAGE_CAFE)
    return org_a


@pytest.mark.parametrize("url", ORGANISATIONS + ACTIVITIES)
def test_a_repeat_render_reads_neither_areas_nor_counts(client, tagged, url):
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url)
    with CaptureQueriesContext(connection) as repeat_queries:
        repeat = client.get(url)
    assert repeat.context["result_count"] == first.context["result_count"] == 1
    assert areas(repeat) == areas(first) == ["läxhjälp"]
    repeat_sql = [q["sql"] for q in repeat_queries.captured_queries]
    # neither the paginator's count, nor the other kinds' counts, nor the areas in use
    assert not [
        sql for sql in repeat_sql if "COUNT(*)" in sql or 'AS "n" FROM' in sql and "IN (" not in sql
    ]
    assert not [sql for sql in repeat_sql if '"taggit_tag"."id" IN (SELECT' in sql]
    assert len(repeat_queries) < len(first_queries)


def test_verification_and_suspension_show_at_once(client, tagged, leksand):
    for url in ORGANISATIONS:
        client.get(url)
    pending = OrganisationFactory(
        name="Nya föreningen", municipalities=[leksand], status=Organisation.Status.PENDING
    )
    pending.areas.add("läxhjälp", "mentorskap")
    response = client.get("/foreningar/")
    assert names(response) == [tagged.name]
    assert "mentorskap" not in areas(response)

    pending.status = Organisation.Status.VERIFIED
    pending.save()
    for url in ORGANISATIONS:
        response = client.get(url)
        assert "Nya föreningen" in names(response)
        assert response.context["result_count"] == 2
    assert "mentorskap" in areas(client.get("/foreningar/"))
    assert client.get("/foreningar/?lan=dalarna").context["total_count"] == 2

    pending.status = Organisation.Status.SUSPENDED
    pending.save()
    response = client.get(ORGANISATIONS[1])
    assert names(response) == [tagged.name]
    assert response.context["result_count"] == 1
    assert "mentorskap" not in areas(client.get("/foreningar/"))


def test_a_new_area_tag_shows_at_once(client, tagged):
    client.get("/foreningar/")
    tagged.areas.add("mentorskap")
    assert "mentorskap" in areas(client.get("/foreningar/"))
    assert "mentorskap" in areas(client.get("/foreningar/aktiviteter/"))


def test_new_and_moderated_activities_show_at_once(client, tagged, leksand):
    for url in ACTIVITIES:
        client.get(url)
    activity = ActivityFactory(
        organisation=tagged, municipality=leksand, kind=ActivityKind.LANGUAGE_CAFE, title="Ny"
    )
    for url in ACTIVITIES:
        response = client.get(url)
        assert response.context["result_count"] == 2
        assert kind_count(response, ActivityKind.LANGUAGE_CAFE) == 2
    activity.status = Activity.Status.DRAFT
    activity.save()
    response = client.get("/foreningar/aktiviteter/?kommun=leksand")
    assert response.context["result_count"] == 1
    assert kind_count(response, ActivityKind.LANGUAGE_CAFE) == 1
    assert "Ny" not in [a.title for a in response.context["activities"]]


def test_the_organisation_list_loads_only_shown_columns(client, tagged):
    with CaptureQueriesContext(connection) as queries:
        client.get("/foreningar/")
    rows = [
        q["sql"] for q in queries.captured_queries if '"partners_organisation"."name"' in q["sql"]
    ]
    assert rows
    assert not [sql for sql in rows if '"partners_organisation"."street_address"' in sql]


def test_the_filter_selects_keep_their_groups_and_choice(client, tagged):
    content = client.get("/foreningar/?kommun=leksand&typ=language_cafe").content.decode()
    assert '<option value="">Alla kommuner</option>' in content
    assert '<optgroup label="Dalarna"><option value="avesta">Avesta</option>' in content
    assert '<option value="leksand" selected>Leksand</option>' in content
    assert '<option value="language_cafe" selected>Språkcafé</option>' in content


@pytest.mark.parametrize("url", ["/foreningar/?kommun=leksand", "/foreningar/aktiviteter/"])
def test_the_kept_filter_selects_follow_a_renamed_municipality(client, tagged, leksand, url):
    assert '<option value="leksand"' in client.get(url).content.decode()
    kept = client.get(url)
    assert "Leksand</option>" in kept.content.decode()
    leksand.name = "Leksands kommun"
    leksand.save()
    content = client.get(url).content.decode()
    assert "Leksands kommun</option>" in content
    assert ">Leksand</option>" not in content


def test_the_kept_filter_selects_are_in_the_visitors_language(client, tagged):
    assert "Alla kommuner</option>" in client.get("/foreningar/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/foreningar/").content.decode()
    assert "All municipalities</option>" in english
    assert "Alla kommuner</option>" not in english
