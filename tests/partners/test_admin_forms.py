"""The admin's organisation and activity forms as a reviewer sees them: grouped in tabs,
municipalities chosen with the searchable chooser, and saving still works."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from partners.factories import UserFactory
from partners.reviewers import REVIEWER_GROUP
from portal.models import Municipality
from tests.admin_forms import tab_labels

pytestmark = pytest.mark.django_db

MUNICIPALITY_CHOOSER = "/admin/snippets/choose/portal/municipality/"


@pytest.fixture
def reviewer(client, home):
    user = UserFactory(email="granskare@lansstyrelsen.example", username="granskare")
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    client.force_login(user)
    return user


def organisation_data(organisation, **overrides):
    data = {
        "name": organisation.name,
        "org_number": organisation.org_number,
        "legal_form": organisation.legal_form,
        "description": organisation.description,
        "website": "",
        "email": organisation.email,
        "phone": "",
        "street_address": "",
        "postal_code": "",
        "city": "",
        "areas": "",
        "municipalities": [m.pk for m in organisation.municipalities.all()],
    }
    data.update(overrides)
    return data


def test_the_organisation_form_is_in_tabs_with_the_municipality_list(client, reviewer, org_a):
    url = reverse("wagtailsnippets_partners_organisation:edit", args=[org_a.pk])
    html = client.get(url).content.decode()
    assert tab_labels(html) == ["Innehåll", "Kontakt", "Område och målgrupper"]
    assert html.count('<div class="geography-filter" data-geography-filter') == 1
    assert 'data-filter-label="Sök kommun"' in html
    assert "<legend>Dalarnas län</legend>" in html
    assert "js/admin-geography.js" in html


def test_the_organisation_form_still_saves(client, reviewer, org_a, leksand):
    rattvik = Municipality.objects.get(code="2031")
    url = reverse("wagtailsnippets_partners_organisation:edit", args=[org_a.pk])
    data = organisation_data(
        org_a, city="Leksand", municipalities=[leksand.pk, rattvik.pk], areas="språkcafé"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    org_a.refresh_from_db()
    assert org_a.city == "Leksand"
    assert set(org_a.municipalities.all()) == {leksand, rattvik}
    assert [tag.name for tag in org_a.areas.all()] == ["språkcafé"]


def test_junk_municipalities_change_nothing(client, reviewer, org_a, leksand):
    url = reverse("wagtailsnippets_partners_organisation:edit", args=[org_a.pk])
    response = client.post(url, organisation_data(org_a, city="X", municipalities=["9999999"]))
    assert response.status_code == 200
    assert "giltig" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.city != "X"
    assert list(org_a.municipalities.all()) == [leksand]


def test_the_activity_form_is_in_tabs_with_the_municipality_chooser(client, reviewer, activity_a):
    url = reverse("wagtailsnippets_partners_activity:edit", args=[activity_a.pk])
    html = client.get(url).content.decode()
    assert tab_labels(html) == ["Innehåll", "Tid och plats", "Kontakt"]
    assert f'data-chooser-url="{MUNICIPALITY_CHOOSER}"' in html
    assert '<select name="municipality"' not in html


def test_the_activity_form_still_saves(client, reviewer, activity_a):
    rattvik = Municipality.objects.get(code="2031")
    url = reverse("wagtailsnippets_partners_activity:edit", args=[activity_a.pk])
    response = client.post(
        url,
        {
            "title": "Språkcafé i Rättvik",
            "kind": activity_a.kind,
            "description": activity_a.description,
            "schedule_note": "Inte under skollov",
            "address": "Storgatan 1",
            "municipality": rattvik.pk,
            "cost": "Gratis",
            "contact": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity_a.refresh_from_db()
    assert activity_a.title == "Språkcafé i Rättvik"
    assert activity_a.municipality == rattvik
    assert activity_a.schedule_note == "Inte under skollov"
