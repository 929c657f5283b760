"""Accounts (allauth under /konto/): sign-up with e-mail verification, no user enumeration,
rate-limited log-in, Swedish texts in the site's own chrome."""

import re

from django.core import mail
from django.core.cache import cache

import pytest
from allauth.account.models import EmailAddress

from partners.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_account_pages_are_in_swedish_inside_the_site_chrome(client, home):
    for url in ("/konto/login/", "/konto/signup/", "/konto/password/reset/"):
        content = client.get(url).content.decode()
        assert 'class="site-header"' in content
        assert content.count("<h1") == 1
        assert "Lösenord" in content or "lösenord" in content


def test_sign_up_sends_a_verification_mail_and_verifying_logs_in(client, home):
    response = client.post(
        "/konto/signup/",
        {
            "email": "ny@example.se",
            "password1": "Ett-langt-losen-42",
            "password2": "Ett-langt-losen-42",
        },
    )
    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="ny@example.se").verified
    assert client.get("/mina-sidor/").status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/konto/confirm-email/[^\s]+)", mail.outbox[0].body).group(
        1
    )
    client.post(link)
    assert EmailAddress.objects.get(email="ny@example.se").verified
    assert client.get("/mina-sidor/").status_code == 200


def test_unverified_accounts_cannot_log_in(client, home):
    user = UserFactory(email="overifierad@example.se", username="overifierad", verified_email=False)
    EmailAddress.objects.create(
        user=user,
        email="overifierad@example.se",
        verified=False,
        primary=True,
    )
    client.post(
        "/konto/login/", {"login": "overifierad@example.se", "password": "Hemligt-losen-123"}
    )
    assert client.get("/mina-sidor/").status_code == 302


def test_password_reset_gives_the_same_answer_for_known_and_unknown_addresses(client, owner):
    known = client.post("/konto/password/reset/", {"email": owner.email}, follow=True)
    unknown = client.post("/konto/password/reset/", {"email": "okand@example.se"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert len(mail.outbox) == 2  # the unknown address is told no account exists, by e-mail


def test_sign_up_with_a_taken_address_does_not_reveal_it(client, owner):
    response = client.post(
        "/konto/signup/",
        {
            "email": owner.email,
            "password1": "Ett-langt-losen-42",
            "password2": "Ett-langt-losen-42",
        },
        follow=True,
    )
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert "redan" not in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client, owner):
    for _ in range(5):
        client.post("/konto/login/", {"login": owner.email, "password": "fel"})
    response = client.post("/konto/login/", {"login": owner.email, "password": "Hemligt-losen-123"})
    assert response.status_code in (200, 429)
    assert client.get("/mina-sidor/").status_code == 302
