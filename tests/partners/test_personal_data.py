"""Download everything held about me; delete my account unless I alone own an organisation.
Export and erasure go through the portal's personal-data registry, so the page says exactly what
the code keeps."""

import json

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape

import pytest
from allauth.account.models import EmailAddress

from partners.factories import (
    ActivityFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from partners.models import Activity, Invitation, Membership, Organisation
from portal import personal_data as registry

pytestmark = pytest.mark.django_db

EXPORT = "/mina-sidor/mina-uppgifter/mina-uppgifter.json"
DELETE = "/mina-sidor/mina-uppgifter/ta-bort-konto/"


def test_export_holds_the_users_data_and_nobody_elses(client, owner, org_a, org_b, editor):
    ActivityFactory(organisation=org_a, created_by=owner, title="Min aktivitet")
    ActivityFactory(organisation=org_b, title="Någon annans")
    InvitationFactory(organisation=org_a, invited_by=owner, email="vän@example.se")
    InvitationFactory(organisation=org_b, email=owner.email)
    client.force_login(owner)
    response = client.get(EXPORT)
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == owner.email
    assert data["email_addresses"] == [{"email": owner.email, "verified": True, "primary": True}]
    assert [m["organisation"] for m in data["memberships"]] == [org_a.name]
    assert [o["name"] for o in data["organisations_owned"]] == [org_a.name]
    assert [a["title"] for a in data["activities_created"]] == ["Min aktivitet"]
    assert [i["email"] for i in data["invitations"]["sent"]] == ["vän@example.se"]
    assert [i["organisation"] for i in data["invitations"]["received"]] == [org_b.name]
    text = response.content.decode()
    assert "Någon annans" not in text
    assert editor.email not in text
    assert "password" not in text


def test_invitations_to_an_unverified_address_are_not_exported_or_erased(client, org_b):
    user = UserFactory(email="tagen@example.se", username="tagen", verified_email=False)
    EmailAddress.objects.create(user=user, email="tagen@example.se", verified=False, primary=True)
    invitation = InvitationFactory(organisation=org_b, email="tagen@example.se")
    client.force_login(user)
    data = json.loads(client.get(EXPORT).content)
    assert data["invitations"]["received"] == []
    assert "tagen@example.se" not in json.dumps(data["invitations"])
    client.post(DELETE, {"confirm": "on"})
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_other_apps_add_sections_through_the_portal_registry(client, owner, monkeypatch):
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    registry.register_personal_data(
        "event_registrations", lambda user: [{"user": user.pk}], kept="Test: sparas för statistik."
    )
    client.force_login(owner)
    data = json.loads(client.get(EXPORT).content)
    assert data["event_registrations"] == [{"user": owner.pk}]


def test_the_deletion_page_lists_exactly_what_is_kept_and_why(client, editor, monkeypatch):
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    registry.register_personal_data(
        "kept_elsewhere", lambda user: [], kept="Testtext om vad som sparas och varför."
    )
    client.force_login(editor)
    page = client.get("/mina-sidor/mina-uppgifter/").content.decode()
    kept = registry.kept_after_erasure()
    assert len(kept) >= 4
    with translation.override("sv"):
        for _name, why in kept:
            assert escape(str(why)) in page
    assert "Testtext om vad som sparas och varför." in page
    assert page.count('class="kept-item"') == len(kept)


def test_the_only_owner_cannot_delete_the_account(client, owner, org_a):
    client.force_login(owner)
    page = client.get("/mina-sidor/mina-uppgifter/").content.decode()
    assert "Du kan inte ta bort ditt konto än" in page
    response = client.post(DELETE, {"confirm": "on"}, follow=True)
    assert "ensam ägare" in response.content.decode()
    assert get_user_model().objects.filter(pk=owner.pk).exists()


def test_deleting_needs_confirmation(client, editor):
    client.force_login(editor)
    response = client.post(DELETE, {})
    assert response.status_code == 400
    assert "Kryssa i rutan" in response.content.decode()
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_get_does_not_delete(client, editor):
    client.force_login(editor)
    assert client.get(DELETE).status_code == 405
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_deleting_runs_every_eraser_before_the_user_goes(client, editor, monkeypatch):
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    seen = []

    def erase(user):
        seen.append(get_user_model().objects.filter(pk=user.pk).exists())
        return 1

    registry.register_personal_data("other_app", lambda user: [], erase=erase)
    client.force_login(editor)
    client.post(DELETE, {"confirm": "on"})
    assert seen == [True]
    assert not get_user_model().objects.filter(pk=editor.pk).exists()


def test_an_editor_deletes_the_account_and_what_the_page_says_happens(client, editor, org_a, org_b):
    activity = ActivityFactory(organisation=org_a, created_by=editor)
    sent = InvitationFactory(organisation=org_a, invited_by=editor, email="vän@example.se")
    received = InvitationFactory(organisation=org_b, email=editor.email)
    accepted = InvitationFactory(organisation=org_a, email="x@example.se", accepted_by=editor)
    client.force_login(editor)
    response = client.post(DELETE, {"confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=editor.pk).exists()
    assert not EmailAddress.objects.filter(email=editor.email).exists()
    assert not Membership.objects.filter(user_id=editor.pk).exists()
    assert Activity.objects.get(pk=activity.pk).created_by is None
    assert Invitation.objects.get(pk=sent.pk).invited_by is None
    assert not Invitation.objects.filter(pk=received.pk).exists()
    assert Invitation.objects.get(pk=accepted.pk).accepted_by is None
    assert client.get("/mina-sidor/").status_code == 302


def test_a_co_owner_can_delete_the_account_and_the_organisation_stays(client, owner, org_a):
    MembershipFactory(organisation=org_a, role=Membership.Role.OWNER)
    org_a.created_by = owner
    org_a.save()
    client.force_login(owner)
    client.post(DELETE, {"confirm": "on"})
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    organisation = Organisation.objects.get(pk=org_a.pk)
    assert organisation.created_by is None
    assert organisation.memberships.filter(role=Membership.Role.OWNER).count() == 1


def test_erasers_report_what_they_touched(editor, org_a):
    ActivityFactory(organisation=org_a, created_by=editor)
    OrganisationFactory(created_by=editor)
    touched = registry.erase_for(editor)
    assert touched["memberships"] == 1
    assert touched["activities_created"] == 1
    assert touched["organisations_owned"] == 1
