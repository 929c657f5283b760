"""Staff verify, reject and suspend organisations and unpublish activities in the Wagtail admin."""

from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from partners.factories import ActivityFactory, OrganisationFactory, UserFactory
from partners.models import Activity, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(home):
    user = UserFactory(email="handlaggare@lansstyrelsen.example", username="handlaggare")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="partners"),
    )
    return user


@pytest.fixture
def pending(owner, leksand):
    return OrganisationFactory(
        name="Väntande förening",
        owner=owner,
        municipalities=[leksand],
        status=Organisation.Status.PENDING,
    )


def review_url(organisation):
    return reverse("wagtailsnippets_partners_organisation:review", args=[organisation.pk])


def test_the_queue_lists_pending_organisations_with_filters(client, staff, pending, org_b):
    client.force_login(staff)
    url = reverse("wagtailsnippets_partners_organisation:list")
    content = client.get(url, {"status": "pending"}).content.decode()
    assert "Väntande förening" in content
    assert org_b.name not in content
    content = client.get(url, {"county": pending.municipalities.get().county.pk}).content.decode()
    assert "Väntande förening" in content
    assert review_url(pending) in content


def test_staff_verify_and_the_owner_is_emailed_and_it_is_logged(client, staff, pending, owner):
    client.force_login(staff)
    response = client.post(review_url(pending), {"decision": "verify"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.VERIFIED
    assert mail.outbox[0].to == [owner.email]
    assert "godkänd" in mail.outbox[0].subject
    entry = ModelLogEntry.objects.get(action="partners.organisation.verify")
    assert entry.user == staff
    assert entry.object_id == str(pending.pk)
    assert client.get(pending.get_absolute_url()).status_code == 200
    history = client.get(
        reverse("wagtailsnippets_partners_organisation:history", args=[pending.pk])
    ).content.decode()
    assert "Organisationen godkändes" in history


def test_rejecting_needs_a_reason_which_the_owner_sees(client, staff, pending, owner):
    client.force_login(staff)
    response = client.post(review_url(pending), {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    client.post(review_url(pending), {"decision": "reject", "reason": "Numret tillhör ett bolag."})
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REJECTED
    assert "Numret tillhör ett bolag." in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="partners.organisation.reject").exists()
    client.force_login(owner)
    assert "Numret tillhör ett bolag." in client.get("/mina-sidor/").content.decode()


def test_suspending_hides_the_organisation(client, staff, org_a, activity_a):
    client.force_login(staff)
    client.post(review_url(org_a), {"decision": "suspend", "reason": "Inaktuella uppgifter."})
    org_a.refresh_from_db()
    assert org_a.status == Organisation.Status.SUSPENDED
    assert client.get(org_a.get_absolute_url()).status_code == 404
    assert client.get(activity_a.get_absolute_url()).status_code == 404
    assert ModelLogEntry.objects.filter(action="partners.organisation.suspend").exists()


def test_junk_decisions_change_nothing(client, staff, pending):
    client.force_login(staff)
    response = client.post(review_url(pending), {"decision": "delete-everything"})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    missing = reverse("wagtailsnippets_partners_organisation:review", args=[999999])
    assert client.get(missing).status_code == 404


def test_staff_unpublish_an_activity_with_a_reason(client, staff, org_a, activity_a, owner):
    client.force_login(staff)
    url = reverse("wagtailsnippets_partners_activity:unpublish", args=[activity_a.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Fel kontaktuppgifter."})
    activity_a.refresh_from_db()
    assert activity_a.status == Activity.Status.DRAFT
    assert activity_a.moderation_reason == "Fel kontaktuppgifter."
    assert client.get(activity_a.get_absolute_url()).status_code == 404
    assert mail.outbox[0].to == [owner.email]
    assert ModelLogEntry.objects.filter(action="partners.activity.unpublish").exists()


def test_members_without_admin_rights_cannot_decide(client, owner, pending):
    client.force_login(owner)
    response = client.post(review_url(pending), {"decision": "verify"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


def test_activity_listing_shows_an_unpublish_button(client, staff, org_a):
    activity = ActivityFactory(organisation=org_a)
    client.force_login(staff)
    content = client.get(reverse("wagtailsnippets_partners_activity:list")).content.decode()
    assert reverse("wagtailsnippets_partners_activity:unpublish", args=[activity.pk]) in content


def test_admin_edit_views_work_and_do_not_offer_the_status(client, staff, org_a, activity_a):
    client.force_login(staff)
    url = reverse("wagtailsnippets_partners_organisation:edit", args=[org_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    url = reverse("wagtailsnippets_partners_activity:edit", args=[activity_a.pk])
    assert client.get(url).status_code == 200


def test_the_review_menu_item_points_to_the_pending_queue(client, staff):
    client.force_login(staff)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "?status=pending" in content
