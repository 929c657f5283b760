"""Walk every URL the site knows with junk in the path and the query string: no 500s.

New apps' URLs are picked up automatically from the URL conf, and every live page of the demo
site is visited too, so this test keeps guarding the whole site as it grows.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.models import Page

import pytest

JUNK_SEGMENTS = {
    "int": ["0", "999999999", "-1"],
    "slug": ["finns-inte", "x" * 300],
    "str": ["finns-inte", "%3Cscript%3E", "..%2F..%2Fetc"],
    "path": ["a/b/c", "%00"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
JUNK_QUERIES = [
    "page=-1&q=%00&month=13&year=99999&sort=zzz&format=json",
    "page=1000000000&county=%3Cscript%3Ealert(1)%3C%2Fscript%3E&municipality=9999&kind=%27%22",
    "q=%FF%FE%FD&from=2026-13-45&to=inte-ett-datum&status=okand",
    "page=abc&year=-5&tag=&target_group=%25&language=zz&format=ics",
]
CONVERTER = re.compile(r"<(?:(?P<conv>[a-z_]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?[^()]*\)")


def route_variants(route):
    """Concrete paths for a Django route, one per junk value of its converters."""
    converters = CONVERTER.findall(route)
    if not converters:
        return [route]
    variants = []
    for index in range(3):
        path = route
        for conv, _name in converters:
            values = JUNK_SEGMENTS.get(conv or "str", JUNK_SEGMENTS["str"])
            path = CONVERTER.sub(values[index % len(values)], path, count=1)
        variants.append(path)
    return variants


def regex_variants(regex):
    path = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    path = REGEX_GROUP.sub("999999", path)
    path = path.replace("\\.", ".").replace("\\-", "-").replace("\\/", "/")
    if re.search(r"[\[\]*+?|\\{}()]", path):
        return []
    return [path]


def walk(patterns, prefix=""):
    for pattern in patterns:
        text = str(pattern.pattern)
        pieces = (
            regex_variants(pattern.pattern.regex.pattern)
            if pattern.pattern.__class__.__name__ == "RegexPattern"
            else route_variants(text)
        )
        for piece in pieces:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + piece)
            elif isinstance(pattern, URLPattern):
                yield "/" + prefix + piece


def all_paths():
    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.mark.django_db
def test_url_conf_is_walked():
    paths = all_paths()
    assert "/sok/" in paths or any(path.startswith("/admin/") for path in paths)
    assert len(paths) > 100


@pytest.mark.django_db
def test_every_url_with_junk_never_gives_a_server_error(client, demo_content):
    failures = []
    for path in all_paths():
        for query in ("", JUNK_QUERIES[len(path) % len(JUNK_QUERIES)]):
            url = f"{path}?{query}" if query else path
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, response.status_code))
    assert failures == []


@pytest.mark.django_db
def test_every_live_page_with_junk_queries_never_gives_a_server_error(client, demo_content):
    failures = []
    for page in Page.objects.live().filter(depth__gt=1):
        url = page.get_url()
        if url is None:
            continue
        for query in JUNK_QUERIES:
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append((url, query, response.status_code))
        for suffix in ("finns-inte/", "2026/13/", "99999/01/", "%00/"):
            response = client.get(url + suffix)
            if response.status_code >= 500:
                failures.append((url + suffix, "", response.status_code))
    assert failures == []


@pytest.mark.django_db
def test_signed_in_members_get_no_server_error_from_junk_either(client, demo_content):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("medlem", "medlem@example.se", "pw")
    client.force_login(user)
    failures = []
    for path in all_paths():
        if path.startswith(("/admin/", "/konto/logout/")):
            continue
        for query in ("", JUNK_QUERIES[len(path) % len(JUNK_QUERIES)]):
            url = f"{path}?{query}" if query else path
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, response.status_code))
    assert failures == []
