"""Public organisations and activities are in /sitemap.xml; nothing unpublished is."""

import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Activity, Organisation

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_organisations_and_activities_only(client, org_a, activity_a):
    pending = OrganisationFactory(name="Väntande förening", status=Organisation.Status.PENDING)
    draft = ActivityFactory(organisation=org_a, title="Utkast", status=Activity.Status.DRAFT)
    hidden = ActivityFactory(organisation=pending, title="Dold aktivitet")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{org_a.get_absolute_url()}" in sitemap
    assert f"http://testserver{activity_a.get_absolute_url()}" in sitemap
    assert pending.get_absolute_url() not in sitemap
    assert draft.get_absolute_url() not in sitemap
    assert hidden.get_absolute_url() not in sitemap
    assert "<lastmod>" in sitemap


def test_sitemap_queries_do_not_grow_with_the_directory(
    client, org_a, django_assert_max_num_queries
):
    for n in range(3):
        ActivityFactory(organisation=OrganisationFactory(name=f"Förening {n}"))
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(30) as small:
        client.get("/sitemap.xml")
    for n in range(20):
        ActivityFactory(organisation=OrganisationFactory(name=f"Fler {n}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/sitemap.xml")
