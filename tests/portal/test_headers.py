"""Security headers on every response: Content-Security-Policy (strict on public pages, what
Wagtail needs in /admin/), Permissions-Policy, no MIME sniffing, no cross-origin opener."""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import override_settings

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_LIKE = {
    "DEBUG": False,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 3600,
}


def directives(header):
    """{"script-src": ["'self'"], ...} from a Content-Security-Policy header."""
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("redaktion", "redaktion@example.se", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
@pytest.mark.parametrize("path", ["/", "/sok/?q=språkcafé", "/foreningar/", "/konto/login/"])
def test_public_pages_allow_no_inline_script_or_style(client, home, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_public_pages_carry_no_inline_script_or_style(client, demo_content):
    """What the policy forbids is not in the pages either (a data block such as JSON-LD is
    not a script and is allowed)."""
    from partners.models import Organisation

    organisation = Organisation.objects.filter(status=Organisation.Status.VERIFIED).first()
    paths = ["/", "/sok/?q=mottagande", "/foreningar/", "/konto/login/", "/konto/signup/"]
    if organisation is not None:
        paths.append(f"/foreningar/{organisation.slug}/")
    for path in paths:
        html = client.get(path, follow=True).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/ld+json" in tag, (path, tag)
        assert "<style" not in html, path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_the_admin_gets_the_policy_wagtail_needs(staff_client, home):
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "blob:" in policy["img-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
@pytest.mark.parametrize("path", ["/", "/admin/", "/robots.txt", "/finns-inte/"])
def test_every_response_has_the_other_security_headers(client, home, path):
    response = client.get(path)
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_session_and_csrf_cookies_are_not_readable_by_scripts_or_other_sites(client, home):
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    response = client.get("/konto/login/")
    csrf_cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"]
    assert csrf_cookie["samesite"] == "Lax"


def test_templates_have_no_inline_script_or_style():
    """A template that adds inline script or style would be blocked by the policy on the
    public site; JavaScript and CSS live in static files."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/ld+json" not in tag:
                offenders.append(f"{template.relative_to(ROOT)}: {tag}")
        for pattern in (r"<style\b", r"\sstyle=", r"\son[a-z]+=\"", r"javascript:"):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
    assert offenders == []
