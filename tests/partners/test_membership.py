"""Invitations by signed, expiring, single-use links; removing members; handing over ownership."""

import re
import time
from unittest import mock

from django.core import mail, signing
from django.urls import reverse

import pytest

from partners import emails
from partners.factories import InvitationFactory, MembershipFactory, UserFactory
from partners.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def accept_path_from_mail(message):
    return re.search(r"http://testserver(/mina-sidor/inbjudan/[^\s]+/)", message.body).group(1)


def test_owner_invites_by_email_and_the_invitee_joins_once(client, owner, org_a):
    client.force_login(owner)
    response = client.post(
        reverse("partners:invite", args=[org_a.pk]),
        {"email": "Ny.Medlem@example.se", "role": "editor"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.medlem@example.se"]
    assert org_a.name in message.subject
    path = accept_path_from_mail(message)

    newcomer = UserFactory(email="ny.medlem@example.se", username="ny")
    client.force_login(newcomer)
    assert "Gå med i organisationen" in client.get(path).content.decode()
    client.post(path)
    membership = Membership.objects.get(user=newcomer, organisation=org_a)
    assert membership.role == Membership.Role.EDITOR

    response = client.post(path)
    assert response.status_code == 410
    assert "redan använts" in response.content.decode()
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_an_expired_invitation_is_refused_with_a_clear_message(client, org_a):
    invitation = InvitationFactory(organisation=org_a, email="sen@example.se")
    token = emails.invitation_token(invitation)
    user = UserFactory(email="sen@example.se", username="sen")
    client.force_login(user)
    eight_days_later = time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        response = client.post(reverse("partners:invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "gått ut" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_expiry_is_checked_by_the_signature(org_a):
    invitation = InvitationFactory(organisation=org_a)
    token = emails.invitation_token(invitation)
    assert emails.invitation_pk_from_token(token) == invitation.pk
    with pytest.raises(signing.SignatureExpired):
        emails.invitation_pk_from_token(token, max_age=-1)


@pytest.mark.parametrize("token", ["abc", "1:xyz", "%00", "x" * 300])
def test_a_tampered_invitation_link_is_refused(client, owner, token):
    client.force_login(owner)
    response = client.get(reverse("partners:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "inte giltig" in response.content.decode()


def test_a_forged_id_in_a_valid_looking_link_is_refused(client, owner, org_a):
    invitation = InvitationFactory(organisation=org_a, email=owner.email)
    token = emails.invitation_token(invitation)
    forged = f"{invitation.pk + 1}:{token.split(':', 1)[1]}"
    client.force_login(owner)
    assert client.post(reverse("partners:invitation_accept", args=[forged])).status_code == 404


def test_an_invitation_only_works_for_the_invited_address(client, org_a):
    invitation = InvitationFactory(organisation=org_a, email="ratt@example.se")
    other = UserFactory(email="fel@example.se", username="fel")
    client.force_login(other)
    url = reverse("partners:invitation_accept", args=[emails.invitation_token(invitation)])
    response = client.post(url)
    assert response.status_code == 403
    assert "annan e-postadress" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_a_withdrawn_invitation_no_longer_works(client, owner, org_a):
    invitation = InvitationFactory(organisation=org_a, email="borta@example.se")
    token = emails.invitation_token(invitation)
    client.force_login(owner)
    client.post(reverse("partners:invitation_revoke", args=[org_a.pk, invitation.pk]))
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    client.force_login(UserFactory(email="borta@example.se", username="borta"))
    response = client.post(reverse("partners:invitation_accept", args=[token]))
    assert response.status_code == 410


def test_inviting_an_existing_member_is_refused(client, owner, org_a, editor):
    client.force_login(owner)
    response = client.post(
        reverse("partners:invite", args=[org_a.pk]), {"email": editor.email, "role": "editor"}
    )
    assert response.status_code == 200
    assert "redan medlem" in response.content.decode()
    assert mail.outbox == []


def test_an_editor_cannot_remove_the_owner(client, owner, editor, org_a):
    client.force_login(editor)
    owner_membership = org_a.memberships.get(user=owner)
    url = reverse("partners:member_remove", args=[org_a.pk, owner_membership.pk])
    response = client.post(url, follow=True)
    assert "Bara en ägare" in response.content.decode()
    assert org_a.memberships.filter(user=owner, role=Membership.Role.OWNER).exists()


def test_the_last_owner_cannot_be_removed_or_leave(client, owner, org_a):
    client.force_login(owner)
    url = reverse("partners:member_remove", args=[org_a.pk, org_a.memberships.get().pk])
    response = client.post(url, follow=True)
    assert "alltid ha en ägare" in response.content.decode()
    assert org_a.memberships.count() == 1


def test_owner_removes_an_editor_and_an_editor_can_leave(client, owner, editor, org_a):
    other = MembershipFactory(organisation=org_a)
    client.force_login(owner)
    client.post(reverse("partners:member_remove", args=[org_a.pk, other.pk]))
    assert not Membership.objects.filter(pk=other.pk).exists()
    client.force_login(editor)
    mine = org_a.memberships.get(user=editor)
    client.post(reverse("partners:member_remove", args=[org_a.pk, mine.pk]))
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_handing_over_ownership_keeps_an_owner(client, owner, editor, org_a):
    client.force_login(owner)
    target = org_a.memberships.get(user=editor)
    client.post(
        reverse("partners:member_make_owner", args=[org_a.pk, target.pk]), {"step_down": "on"}
    )
    roles = dict(org_a.memberships.values_list("user__email", "role"))
    assert roles == {editor.email: "owner", owner.email: "editor"}
    # the former owner, now an editor, can no longer manage members
    assert client.get(reverse("partners:invite", args=[org_a.pk])).status_code == 404
