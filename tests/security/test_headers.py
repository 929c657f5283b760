"""Browser-side defences on public pages (issue item 8): a Content-Security-Policy that allows no
inline script or style, a Permissions-Policy, and pages that need neither."""

import re

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db


def csp_directives(response):
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return header, directives


def public_pages(world):
    return {
        "home page": "/",
        "calendar": world.calendar.url,
        "event page": world.event.url,
        "directory": "/foreningar/",
        "organisation page": world.org_a.get_absolute_url(),
        "search": "/sok/?q=spr%C3%A5kcaf%C3%A9",
        "login": "/konto/login/",
    }


def test_home_page_has_a_content_security_policy_without_inline_script(client, world):
    response = client.get("/")
    header, directives = csp_directives(response)
    assert header, "the home page has no Content-Security-Policy header"
    script = directives.get("script-src", directives.get("default-src"))
    assert script is not None, f"the policy limits no scripts: {header}"
    assert "'unsafe-inline'" not in script, f"the policy allows inline script: {header}"
    assert "'unsafe-eval'" not in script, f"the policy allows eval: {header}"


def test_home_page_policy_allows_no_inline_style(client, world):
    response = client.get("/")
    header, directives = csp_directives(response)
    style = directives.get("style-src", directives.get("default-src"))
    assert style is not None, f"the policy limits no styles: {header or '(no policy)'}"
    assert "'unsafe-inline'" not in style, f"the policy allows inline style: {header}"


def test_home_page_has_a_permissions_policy(client, world):
    response = client.get("/")
    assert response.get("Permissions-Policy"), "the home page has no Permissions-Policy header"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)([^>]*)>", re.I)
DATA_SCRIPT = re.compile(r"type=[\"']?application/(ld\+)?json", re.I)
INLINE_STYLE = re.compile(r"<style\b(?![^>]*\bnonce=)", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize(
    "page",
    ["home page", "calendar", "event page", "directory", "organisation page", "search", "login"],
)
def test_public_page_needs_no_inline_script_or_style(world, page):
    url = public_pages(world)[page]
    response = Client().get(url)
    assert response.status_code == 200, f"{page} ({url}) answered {response.status_code}"
    html = response.content.decode()
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        if not DATA_SCRIPT.search(match.group(1)):
            found.append(f"inline <script{match.group(1)}>")
    found += [f"<style> element: {m.group(0)}" for m in INLINE_STYLE.finditer(html)]
    found += [f"style attribute: {m.group(0)[:80]}" for m in STYLE_ATTRIBUTE.finditer(html)]
    found += [f"event handler: {m.group(0)[:80]}" for m in HANDLER_ATTRIBUTE.finditer(html)]
    assert not found, (
        f"{page} ({url}) has inline code a strict Content-Security-Policy blocks:\n  "
        + "\n  ".join(dict.fromkeys(found))
    )
