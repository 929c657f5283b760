"""The anonymous page cache: what is kept, what never is, and that every change which alters a
public page is shown at the next anonymous visit."""

import datetime
import re

from django.test import Client, RequestFactory

import pytest

from events.factories import CalendarIndexPageFactory, make_event
from events.models import Signup
from events.models.event import STOCKHOLM
from portal.factories import StandardPageFactory
from portal.page_cache import (
    CSRF_PLACEHOLDER,
    HEADER,
    current_versions,
    entry_key,
    page_cache,
    version_keys,
)

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def test_second_anonymous_visit_is_served_from_the_cache_with_the_same_page_and_headers(
    client, home, page_cache_on
):
    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    first, first_html = get(client, "/om/")
    second, second_html = get(client, "/om/")
    assert first.status_code == second.status_code == 200
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert "Om portalen" in second_html
    assert re.sub(r'value="[A-Za-z0-9]{64}"', "", first_html) == re.sub(
        r'value="[A-Za-z0-9]{64}"', "", second_html
    )
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
        "ETag",
        "Last-Modified",
        "Cache-Control",
    ):
        assert second.has_header(name), name
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "max-age=0" in second["Cache-Control"]
    assert second["ETag"] == first["ETag"]


def test_a_browser_revalidating_its_copy_gets_304(client, home, page_cache_on):
    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    etag = client.get("/om/")["ETag"]
    again = client.get("/om/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_query_string_order_does_not_matter_but_its_values_and_the_language_do(
    client, home, page_cache_on
):
    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    assert client.get("/om/?a=1&b=2")[HEADER] == "miss"
    assert client.get("/om/?b=2&a=1")[HEADER] == "hit"
    assert client.get("/om/?a=2&b=2")[HEADER] == "miss"
    english = Client()
    english.cookies["django_language"] = "en"
    response = english.get("/om/?a=1&b=2")
    assert response[HEADER] == "miss"
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()


def test_signed_in_visitors_are_never_served_or_stored(
    client, home, page_cache_on, django_user_model
):
    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    user = django_user_model.objects.create_user("staff", "anna@example.se", "x")
    client.force_login(user)
    signed_in = client.get("/om/")
    assert signed_in[HEADER] == "bypass"
    anonymous = Client()
    assert anonymous.get("/om/")[HEADER] == "miss"  # the signed-in render was not kept
    assert client.get("/om/")[HEADER] == "bypass"  # and the kept one is not given to them


def test_a_visitor_with_messages_waiting_gets_a_fresh_page(client, home, page_cache_on):
    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    client.get("/om/")
    client.cookies["messages"] = "something"
    assert client.get("/om/")[HEADER] == "bypass"


def test_posts_cookies_private_answers_errors_and_admin_are_never_kept(
    client, home, page_cache_on, settings
):
    settings.ROOT_URLCONF = "tests.performance.urls"
    for _ in range(2):
        assert client.get("/test-kaka/")[HEADER] == "bypass"
        assert client.get("/test-privat/")[HEADER] == "bypass"
        assert client.get("/finns-inte/").status_code == 404
        assert client.get("/finns-inte/")[HEADER] == "bypass"
        assert client.get("/konto/login/")[HEADER] == "bypass"
        assert client.post("/sok/", {"q": "x"})[HEADER] == "bypass"
    assert client.get("/admin/").status_code == 302


def test_csrf_tokens_are_never_shared_between_visitors(client, home, page_cache_on):
    """Every page has a form (the language switch) and event pages a sign-up form: each visitor
    gets a token of their own that works, and the kept copy holds none."""
    calendar = CalendarIndexPageFactory(parent=home)
    start = datetime.datetime.now(tz=STOCKHOLM) + datetime.timedelta(days=30)
    event = make_event(
        calendar, start, title="Traumamedvetet", slug="trauma", signup_enabled=True, capacity=5
    )
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(event.url) for visitor in visitors]
    assert [page[HEADER] for page in pages] == ["miss", "hit"]
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page.content.decode())[1]
        for page in pages
    ]
    assert tokens[0] != tokens[1]
    assert all(page.cookies.get("csrftoken") for page in pages)
    assert "private" in pages[1]["Cache-Control"]
    request = RequestFactory().get(event.url)
    request.LANGUAGE_CODE = "sv"
    kept = page_cache().get(entry_key(request))
    assert kept["versions"] == current_versions(event.url)[0]
    assert CSRF_PLACEHOLDER.encode() in kept["content"]
    assert not any(token.encode() in kept["content"] for token in tokens)
    for number, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        response = visitor.post(
            event.url,
            {
                "csrfmiddlewaretoken": token,
                "name": f"Deltagare {number}",
                "email": f"deltagare{number}@example.se",
                "employer": "Leksands kommun",
                "municipality": "",
                "needs": "",
                "consent": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
    assert Signup.objects.count() == 2
    # someone else's token is refused
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(event.url)
    refused = stranger.post(event.url, {"csrfmiddlewaretoken": tokens[0], "name": "x"})
    assert refused.status_code == 403


def test_an_evicted_version_token_makes_the_page_uncached_never_stale(client, home, page_cache_on):
    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    client.get("/om/")
    assert client.get("/om/")[HEADER] == "hit"
    page_cache().delete_many(version_keys("/om/"))  # as a full cache would evict them
    assert client.get("/om/")[HEADER] == "miss"


def test_a_page_is_purged_by_the_tags_of_the_rows_it_shows_and_only_by_those(
    client, home, page_cache_on, settings
):
    from portal.page_cache import purge, tag, tag_key
    from tests.performance.urls import SHOWN

    settings.ROOT_URLCONF = "tests.performance.urls"
    SHOWN.update(rows=["a", "b"], reads=0)
    first = client.get("/test-rader/").content
    assert client.get("/test-rader/")[HEADER] == "hit"
    purge([tag("test-row", "c")])  # a row the page does not show
    assert client.get("/test-rader/").content == first
    purge([tag("test-row", "b")])
    response = client.get("/test-rader/")
    assert response[HEADER] == "miss" and b"(read 2)" in response.content
    assert client.get("/test-rader/")[HEADER] == "hit"
    # an evicted tag token makes the page uncached, never stale
    page_cache().delete(tag_key(tag("test-row", "a")))
    assert client.get("/test-rader/")[HEADER] == "miss"


def test_a_visitor_waiting_for_a_render_takes_the_copy_made_after_a_purge(
    client, home, page_cache_on, monkeypatch
):
    """Another worker claimed the page under the old tokens; a purge came and a third worker
    kept the fresh copy. The waiting visitor gets that copy at once instead of waiting for one
    kept under tokens that are no longer current (it used to wait the full five seconds)."""
    from portal.page_cache import AnonymousPageCacheMiddleware, purge

    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    request = RequestFactory().get("/om/")
    cache, key = page_cache(), entry_key(request)
    old_versions, _found = current_versions("/om/", cache)
    middleware = AnonymousPageCacheMiddleware(lambda request: None)
    assert middleware.claim(cache, key, old_versions)  # a worker rendering the old version
    purge(["/om/"])
    assert client.get("/om/")[HEADER] == "miss"  # the fresh copy, kept by another worker
    polls = []
    monkeypatch.setattr("portal.page_cache.time.sleep", polls.append)
    entry = middleware.wait_for(cache, request, key, old_versions)
    assert entry is not None and b"Om portalen" in entry["content"]
    assert len(polls) == 1


def test_a_visitor_stops_waiting_when_the_render_it_waited_for_was_not_kept(
    home, page_cache_on, monkeypatch
):
    from portal.page_cache import AnonymousPageCacheMiddleware

    StandardPageFactory(parent=home, title="Om portalen", slug="om")
    request = RequestFactory().get("/om/")
    cache, key = page_cache(), entry_key(request)
    versions, _found = current_versions("/om/", cache)
    middleware = AnonymousPageCacheMiddleware(lambda request: None)
    assert middleware.claim(cache, key, versions)
    middleware.release(cache, key, versions)  # that worker is done and kept nothing
    polls = []
    monkeypatch.setattr("portal.page_cache.time.sleep", polls.append)
    assert middleware.wait_for(cache, request, key, versions) is None
    assert len(polls) == 1
