"""Account e-mails (allauth) link to PORTAL_BASE_URL, never to the host a request claimed."""

from django.core import mail

import pytest


@pytest.fixture
def forged_host(settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_BASE_URL = "https://portal.example.se"


def _links(message):
    return [word for word in message.body.split() if word.startswith("http")]


@pytest.mark.django_db
def test_confirmation_link_uses_portal_base_url_not_request_host(client, forged_host):
    response = client.post(
        "/konto/signup/",
        {
            "email": "ny@example.se",
            "password1": "Kvotflykting-2026",
            "password2": "Kvotflykting-2026",
        },
        HTTP_HOST="evil.example",
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    links = _links(message)
    assert links, message.body
    assert all(link.startswith("https://portal.example.se/konto/") for link in links), links
    assert "evil.example" not in message.body


@pytest.mark.django_db
def test_password_reset_link_uses_portal_base_url(client, forged_host, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("anna", "anna@example.se", "x-Lösen-123")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/konto/password/reset/", {"email": "anna@example.se"}, HTTP_HOST="evil.example")
    (message,) = mail.outbox
    assert any(link.startswith("https://portal.example.se/konto/") for link in _links(message))
    assert "evil.example" not in message.body
