"""One way in: every login, the Wagtail admin's included, goes through allauth's login at
/konto/login/, with its mandatory e-mail verification and its rate limits."""

from django.contrib.auth import get_user_model
from django.test import override_settings

import pytest
from allauth.account.models import EmailAddress

PASSWORD = "Hemligt-losen-123"


def make_user(email, *, verified, **flags):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD, **flags
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_admin_login_page_sends_to_the_portal_login_keeping_next(client):
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2Fpages%2F"

    response = client.get("/admin/login/")
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_anonymous_visitors_to_the_admin_are_sent_to_the_portal_login(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/admin/pages/")


@pytest.mark.django_db
@pytest.mark.parametrize("login_path", ["/admin/login/", "/_util/login/"])
def test_an_unverified_address_cannot_get_in_through_another_login_form(client, home, login_path):
    """Someone who signed up with another person's address never confirmed it; the admin's
    and Wagtail's front-end login forms must not let them past allauth's verification."""
    make_user("offer@example.se", verified=False, is_staff=True)
    response = client.post(login_path, {"username": "offer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert not is_logged_in(client)
    assert client.get("/mina-sidor/").status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_the_portal_login_refuses_an_unverified_address(client, home, mailoutbox):
    make_user("offer@example.se", verified=False)
    client.post("/konto/login/", {"login": "offer@example.se", "password": PASSWORD})
    assert not is_logged_in(client)
    assert client.get("/mina-sidor/").status_code == 302


@pytest.mark.django_db
def test_staff_log_in_through_the_portal_login_and_reach_the_admin(client, home):
    make_user("redaktor@example.se", verified=True, is_staff=True, is_superuser=True)
    start = client.get("/admin/", follow=True)
    assert start.redirect_chain[-1][0].startswith("/konto/login/")
    response = client.post(
        "/konto/login/?next=/admin/",
        {"login": "redaktor@example.se", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "wagtail" in dashboard.content.decode().lower()


@pytest.mark.django_db
def test_password_guessing_at_the_admin_login_gets_nowhere(client, home):
    """The admin's form no longer checks passwords at all, so it cannot be used to guess them
    past allauth's limit: even the right password does not log in there."""
    make_user("redaktor@example.se", verified=True, is_staff=True)
    for attempt in range(10):
        client.post("/admin/login/", {"username": "redaktor", "password": f"fel-{attempt}"})
    client.post("/admin/login/", {"username": "redaktor", "password": PASSWORD})
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_failed_logins_are_limited_at_the_portal_login(client, home):
    make_user("redaktor@example.se", verified=True, is_staff=True)
    for attempt in range(5):
        client.post("/konto/login/", {"login": "redaktor@example.se", "password": f"fel-{attempt}"})
    client.post("/konto/login/", {"login": "redaktor@example.se", "password": PASSWORD})
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_admin_logout_logs_out_and_returns_to_the_portal_login(client, home):
    user = make_user("redaktor@example.se", verified=True, is_staff=True, is_superuser=True)
    client.force_login(user)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_admin_password_reset_is_the_portal_password_reset(client):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/password/reset/"


@pytest.mark.django_db
def test_behind_one_proxy_each_visitor_has_their_own_rate_limit(client, home):
    """With TRUSTED_PROXY_COUNT=1 the address the proxy adds to X-Forwarded-For is the
    visitor's: five failures from one visitor do not lock out another."""
    make_user("redaktor@example.se", verified=True)
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5", "REMOTE_ADDR": "10.0.0.2"}
    visitor = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.2"}
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for attempt in range(6):
            client.post(
                "/konto/login/",
                {"login": f"gissning{attempt}@example.se", "password": "fel"},
                **attacker,
            )
        client.post(
            "/konto/login/", {"login": "redaktor@example.se", "password": PASSWORD}, **attacker
        )
        assert not is_logged_in(client)
        client.post(
            "/konto/login/", {"login": "redaktor@example.se", "password": PASSWORD}, **visitor
        )
        assert is_logged_in(client)


@pytest.mark.django_db
def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, home):
    """Count 0 (the default): X-Forwarded-For is whatever the client wrote, so it cannot be
    used to get a fresh bucket."""
    make_user("redaktor@example.se", verified=True)
    for attempt in range(6):
        client.post(
            "/konto/login/",
            {"login": f"gissning{attempt}@example.se", "password": "fel"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    client.post(
        "/konto/login/",
        {"login": "redaktor@example.se", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_a_superuser_from_createsuperuser_confirms_the_address_at_first_login(
    client, home, mailoutbox
):
    """`manage.py createsuperuser` makes no verified address; the first login at /konto/login/
    e-mails a confirmation link, and following it lets them into the admin."""
    import re

    get_user_model().objects.create_superuser("chef", "chef@example.se", PASSWORD)
    client.post("/konto/login/", {"login": "chef@example.se", "password": PASSWORD})
    assert not is_logged_in(client)
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mailoutbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    client.post(path)
    assert is_logged_in(client)
    assert client.get("/admin/").status_code == 200
