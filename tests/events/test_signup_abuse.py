"""The sign-up form tells nobody who attends, cannot be used to flood addresses or the database,
and its e-mails link to the portal's own base URL."""

import datetime
import re

from django.core import mail
from django.utils import timezone

import pytest

from events.factories import SignupFactory, make_event
from events.models import EventPage, Signup

from .test_proposals import proposal_data
from .test_signup import post_signup


def answer(client, response):
    """What the visitor is told after posting the form: the confirmation where the form was."""
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    return re.search(r'<div [^>]*id="anmalan-bekraftelse".*?</div>', html, re.S).group(0)


@pytest.mark.django_db
def test_repeated_signup_gets_the_same_answer_and_the_owner_an_email(client, event):
    first = answer(client, post_signup(client, event.url, "karin@example.se", name="Karin Berg"))
    signup = Signup.objects.get()
    mail.outbox.clear()

    again = answer(client, post_signup(client, event.url, " KARIN@example.se ", name="Karin Berg"))
    assert "Din plats är bekräftad" in again
    assert first == again.replace("KARIN@example.se", "karin@example.se")
    assert Signup.objects.count() == 1

    (message,) = mail.outbox
    assert message.to == ["karin@example.se"]
    assert "redan anmäld" in message.subject
    assert f"http://testserver{event.url}avboka/{signup.cancel_token()}/" in message.body


@pytest.mark.django_db
def test_repeated_signup_on_a_full_event_answers_as_the_waiting_list(client, event):
    SignupFactory(event=event, email="karin@example.se")
    SignupFactory(event=event)
    html = answer(client, post_signup(client, event.url, "karin@example.se"))
    assert "väntelistan" in html
    assert Signup.objects.count() == 2
    assert "redan anmäld" in mail.outbox[0].subject


@pytest.mark.django_db
def test_signups_are_rate_limited_per_address_and_per_ip(client, event, calendar, future, settings):
    other = make_event(calendar, future(40), slug="annat", signup_enabled=True)
    for url in (event.url, other.url, event.url):
        assert post_signup(client, url, "mal@example.se").status_code == 302
    sent = len(mail.outbox)
    stored = Signup.objects.count()

    refused = post_signup(client, other.url, "MAL@example.se", name="Fjärde")
    assert refused.status_code == 429
    assert "För många anmälningar" in refused.content.decode()
    assert (len(mail.outbox), Signup.objects.count()) == (sent, stored)

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "event_signup": "2/h/ip"}
    from django.core.cache import cache

    cache.clear()
    for n in range(2):
        assert post_signup(client, other.url, f"p{n}@example.se").status_code == 302
    refused = post_signup(client, other.url, "ny@example.se")
    assert refused.status_code == 429
    assert not Signup.objects.filter(email="ny@example.se").exists()


@pytest.mark.django_db
def test_proposals_are_rate_limited(client, calendar, member, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "event_proposal": "1/h/ip"}
    user, organisation = member
    client.force_login(user)
    assert (
        client.post("/mina-sidor/evenemang/nytt/", proposal_data(organisation)).status_code == 302
    )
    sent = len(mail.outbox)
    refused = client.post("/mina-sidor/evenemang/nytt/", proposal_data(organisation, title="Till"))
    assert refused.status_code == 429
    assert "För många förslag" in refused.content.decode()
    assert EventPage.objects.count() == 1 and len(mail.outbox) == sent


@pytest.mark.django_db
def test_cancelling_after_the_start_promotes_nobody(client, calendar):
    started = make_event(
        calendar,
        timezone.now() - datetime.timedelta(hours=1),
        hours=3,
        slug="pagar",
        signup_enabled=True,
        capacity=1,
    )
    leaving = SignupFactory(event=started, email="gar@example.se")
    waiting = SignupFactory(event=started, email="vantar@example.se", status="waiting")
    done = client.post(f"{started.url}avboka/{leaving.cancel_token()}/")
    assert done.status_code == 200
    assert Signup.objects.get(pk=leaving.pk).status == "cancelled"
    assert Signup.objects.get(pk=waiting.pk).status == "waiting"
    assert [m.to for m in mail.outbox] == [["gar@example.se"]]


@pytest.mark.django_db
def test_email_links_use_the_portal_base_url(client, event, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.se"
    post_signup(client, event.url, "karin@example.se")
    (message,) = mail.outbox
    signup = Signup.objects.get()
    assert f"https://portal.example.se{event.url}avboka/{signup.cancel_token()}/" in message.body
    assert f"https://portal.example.se{event.url}" in message.attachments[0][1]
    assert "testserver" not in message.body and "localhost" not in message.body
