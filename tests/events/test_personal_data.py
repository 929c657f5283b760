"""Sign-ups belong to a verified identity: export and erasure through the portal's registry find
them by the account they were made with or by a verified address, never an unverified one."""

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from events.factories import SignupFactory, make_event
from events.models import Signup
from portal.personal_data import erase_for, export_for, kept_after_erasure

from .test_signup import post_signup


def account(django_user_model, username, email, verified):
    user = django_user_model.objects.create_user(username, email, "x")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.mark.django_db
def test_an_unverified_address_brings_in_nobody_elses_signups(event, django_user_model):
    SignupFactory(event=event, name="Karin Berg", email="karin@example.se", needs="Tolk")
    impostor = account(django_user_model, "falsk", "Karin@Example.se", verified=False)
    assert export_for(impostor)["event_signups"] == []
    karin = account(django_user_model, "karin", "other@example.se", verified=True)
    EmailAddress.objects.create(user=karin, email="KARIN@example.se", verified=True)
    assert [row["name"] for row in export_for(karin)["event_signups"]] == ["Karin Berg"]
    assert erase_for(impostor)["event_signups"] == 0
    assert Signup.objects.get().name == "Karin Berg"


@pytest.mark.django_db
def test_signup_while_logged_in_belongs_to_the_account(client, event, django_user_model):
    user = account(django_user_model, "per", "per@example.se", verified=False)
    client.force_login(user)
    post_signup(client, event.url, "per.jobb@example.se", name="Per Al")
    signup = Signup.objects.get()
    assert signup.user == user
    assert [row["email"] for row in export_for(user)["event_signups"]] == ["per.jobb@example.se"]


@pytest.mark.django_db
def test_account_deletion_leaves_no_personal_data_in_signups(
    client, calendar, event, future, django_user_model
):
    user = account(django_user_model, "eva", "eva@example.se", verified=True)
    mine = SignupFactory(event=event, name="Eva Ek", email="eva@example.se", needs="Laktosfri")
    SignupFactory(event=event, name="Ola Berg", email="ola@example.se")
    waiting = SignupFactory(
        event=event, name="Väntande", email="vantar@example.se", status="waiting"
    )
    past = make_event(calendar, future(-20), slug="forra-manaden", signup_enabled=True)
    old = SignupFactory(
        event=past, name="Eva Ek", email="EVA@example.se", employer="Falu kommun", user=user
    )
    SignupFactory(event=past, name="Ola Berg", email="ola@example.se", status="waiting")

    assert erase_for(user)["event_signups"] == 2
    user.delete()

    for signup in Signup.objects.filter(pk__in=[mine.pk, old.pk]):
        assert (signup.name, signup.email, signup.employer, signup.needs, signup.user) == (
            "",
            "",
            "",
            "",
            None,
        )
        assert signup.anonymised_at
    assert Signup.objects.get(pk=mine.pk).status == "cancelled"  # the place is given up
    assert Signup.objects.get(pk=waiting.pk).status == "confirmed"
    assert [m.to for m in mail.outbox] == [["vantar@example.se"]]
    assert Signup.objects.get(pk=old.pk).status == "confirmed"  # past counts stay right
    assert Signup.objects.get(event=past, name="Ola Berg").status == "waiting"
    assert not Signup.objects.filter(name="Eva Ek").exists()
    assert not Signup.objects.filter(email_normalised="eva@example.se").exists()
    kept = dict(kept_after_erasure())["event_signups"]
    assert "statistik" in str(kept)


@pytest.mark.django_db
def test_a_signup_is_not_listed_as_a_use_of_its_event_in_the_admin(admin_client, client, event):
    """Wagtail's reference index would list each sign-up, by the person's name, on the event's
    "usage" page and when the page is deleted: sign-ups are personal data, not content."""
    from wagtail.models import ReferenceIndex

    post_signup(client, event.url, "karin@example.se", name="Karin Berg")
    assert Signup.objects.filter(name="Karin Berg").exists()
    assert not ReferenceIndex.get_references_to(event).filter(content_type__model="signup").exists()
    usage = admin_client.get(f"/admin/pages/{event.pk}/usage/")
    assert usage.status_code == 200
    assert "Karin Berg" not in usage.content.decode()
