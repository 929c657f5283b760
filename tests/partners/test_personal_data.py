"""Download everything held about me; delete my account unless I alone own an organisation."""

import json

from django.contrib.auth import get_user_model

import pytest

from partners import personal_data
from partners.factories import ActivityFactory, InvitationFactory, MembershipFactory
from partners.models import Activity, Membership

pytestmark = pytest.mark.django_db


def test_export_holds_the_users_data_and_nobody_elses(client, owner, org_a, org_b, editor):
    ActivityFactory(organisation=org_a, created_by=owner, title="Min aktivitet")
    ActivityFactory(organisation=org_b, title="Någon annans")
    InvitationFactory(organisation=org_a, invited_by=owner, email="vän@example.se")
    client.force_login(owner)
    response = client.get("/mina-sidor/mina-uppgifter/mina-uppgifter.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == owner.email
    assert data["email_addresses"] == [{"email": owner.email, "verified": True, "primary": True}]
    assert [m["organisation"] for m in data["memberships"]] == [org_a.name]
    assert [o["name"] for o in data["organisations_owned"]] == [org_a.name]
    assert [a["title"] for a in data["activities_created"]] == ["Min aktivitet"]
    assert [i["email"] for i in data["invitations_sent"]] == ["vän@example.se"]
    text = response.content.decode()
    assert "Någon annans" not in text
    assert editor.email not in text
    assert "password" not in text


def test_other_apps_can_add_sections(client, owner, monkeypatch):
    monkeypatch.setattr(
        personal_data, "EXPORTERS", [lambda user: ("event_registrations", [{"user": user.pk}])]
    )
    client.force_login(owner)
    data = json.loads(client.get("/mina-sidor/mina-uppgifter/mina-uppgifter.json").content)
    assert data["event_registrations"] == [{"user": owner.pk}]


def test_the_only_owner_cannot_delete_the_account(client, owner, org_a):
    client.force_login(owner)
    page = client.get("/mina-sidor/mina-uppgifter/").content.decode()
    assert "Du kan inte ta bort ditt konto än" in page
    response = client.post(
        "/mina-sidor/mina-uppgifter/ta-bort-konto/", {"confirm": "on"}, follow=True
    )
    assert "ensam ägare" in response.content.decode()
    assert get_user_model().objects.filter(pk=owner.pk).exists()


def test_deleting_needs_confirmation(client, editor):
    client.force_login(editor)
    response = client.post("/mina-sidor/mina-uppgifter/ta-bort-konto/", {})
    assert response.status_code == 400
    assert "Kryssa i rutan" in response.content.decode()
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_get_does_not_delete(client, editor):
    client.force_login(editor)
    assert client.get("/mina-sidor/mina-uppgifter/ta-bort-konto/").status_code == 405
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_an_editor_deletes_the_account_and_the_activities_stay(client, editor, org_a):
    activity = ActivityFactory(organisation=org_a, created_by=editor)
    client.force_login(editor)
    response = client.post("/mina-sidor/mina-uppgifter/ta-bort-konto/", {"confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=editor.pk).exists()
    assert not Membership.objects.filter(user_id=editor.pk).exists()
    assert Activity.objects.get(pk=activity.pk).created_by is None
    assert client.get("/mina-sidor/").status_code == 302


def test_a_co_owner_can_delete_the_account(client, owner, org_a):
    MembershipFactory(organisation=org_a, role=Membership.Role.OWNER)
    client.force_login(owner)
    client.post("/mina-sidor/mina-uppgifter/ta-bort-konto/", {"confirm": "on"})
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    assert org_a.memberships.filter(role=Membership.Role.OWNER).count() == 1
