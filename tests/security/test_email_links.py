"""Every e-mail links to the portal's one public address (issue item 9), never to the request's
Host header, the Wagtail Site record (http://localhost) or a development port."""

import re

from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

import pytest

from .world import in_stockholm

pytestmark = pytest.mark.django_db

BASE = "https://samverkan.example.se"
LINK = re.compile(r"https?://[^\s<>\"')]+")


def links_in_outbox():
    found = []
    for message in mail.outbox:
        parts = [message.body] + [
            str(content) for content, _type in getattr(message, "alternatives", [])
        ]
        for part in parts:
            found += [(message.subject, link) for link in LINK.findall(part)]
    return found


def assert_links_use_the_base(flow):
    links = links_in_outbox()
    assert mail.outbox, f"{flow}: no e-mail was sent"
    wrong = [f"{subject!r}: {link}" for subject, link in links if not link.startswith(BASE)]
    assert not wrong, (
        f"{flow}: e-mail links must start with PORTAL_BASE_URL ({BASE}):\n  " + "\n  ".join(wrong)
    )


@pytest.fixture
def base_url(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE
    mail.outbox = []
    cache.clear()


def client_for(world, persona=None):
    client = Client(raise_request_exception=False)
    if persona:
        client.force_login(world.users[persona])
    return client


def test_event_sign_up_confirmation(world, base_url):
    client_for(world).post(
        world.event.url,
        {
            "name": "Lena Länk",
            "email": "lena@example.se",
            "employer": "Leksands kommun",
            "consent": "on",
        },
    )
    assert_links_use_the_base("event sign-up")


def test_invitation(world, base_url):
    client_for(world, "owner_a").post(
        f"/mina-sidor/foreningar/{world.org_a.pk}/bjud-in/",
        {"email": "ny.medlem@example.se", "role": "editor"},
    )
    assert_links_use_the_base("invitation")


def test_event_proposal(world, base_url):
    client_for(world, "member_a").post(
        "/mina-sidor/evenemang/nytt/",
        {
            "organisation": world.org_a.pk,
            "title": "Föreslagen kurs om samverkan",
            "summary": "En kort sammanfattning.",
            "description": "Programmet.",
            "start": in_stockholm(50, 9).strftime("%Y-%m-%dT%H:%M"),
            "end": in_stockholm(50, 12).strftime("%Y-%m-%dT%H:%M"),
            "format": "onsite",
            "address": "Storgatan 1, Leksand",
        },
    )
    assert_links_use_the_base("event proposal")


def test_organisation_decision(world, base_url):
    client_for(world, "superuser").post(
        f"/admin/snippets/partners/organisation/review/{world.org_b.pk}/",
        {"decision": "suspend", "reason": "Uppgifterna stämmer inte."},
    )
    assert_links_use_the_base("organisation decision")


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_account_sign_up_verification(world, base_url):
    client_for(world).post(
        "/konto/signup/",
        {
            "email": "ny.anvandare@example.se",
            "password1": "Langt-losen-9182!",
            "password2": "Langt-losen-9182!",
        },
    )
    assert_links_use_the_base("account sign-up")


def test_password_reset(world, base_url):
    client_for(world).post("/konto/password/reset/", {"email": world.users["owner_a"].email})
    assert_links_use_the_base("password reset")
