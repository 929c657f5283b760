"""Subscribed calendars: a filter that no longer exists never breaks them, clients can ask
"anything new?" (ETag, Last-Modified, 304), the output is stable between builds, the calendar
is named after its filters, and a publish in one process is seen by every other at once."""

import datetime
import re
import time

from django.core.cache import cache
from django.utils.http import http_date

import pytest
from taggit.models import Tag

from events.factories import make_event

from .ics_parser import events, parse, prop, unescape
from .test_filters import spread, titles  # noqa: F401 - the fixture


def summaries(response):
    return {unescape(prop(e, "SUMMARY")[2]) for e in events(parse(response.content))}


@pytest.mark.django_db
def test_a_deleted_topic_leaves_the_feed_working_with_the_other_filters(client, spread):  # noqa: F811
    feed = "/kalender/kalender.ics?amne=sfi&kommun=leksand"
    assert summaries(client.get(feed)) == {"SFI i Leksand"}
    Tag.objects.filter(slug="sfi").delete()
    cache.clear()
    response = client.get(feed)
    assert response.status_code == 200
    assert summaries(response) == {"SFI i Leksand"}  # the municipality still applies
    for junk in ("amne=finns-inte", "lan=atlantis", "kommun=gone&form=online", "malgrupp=x"):
        response = client.get(f"/kalender/kalender.ics?{junk}")
        assert response.status_code == 200, junk
        assert b"BEGIN:VCALENDAR" in response.content
    assert summaries(client.get("/kalender/kalender.ics?kommun=gone&form=online")) == {
        "Webbinarium om massflyktsdirektivet"
    }


@pytest.mark.django_db
def test_the_html_list_says_which_filter_was_left_out(client, spread):  # noqa: F811
    response = client.get("/kalender/?amne=borttaget-amne&kommun=leksand")
    html = response.content.decode()
    assert response.status_code == 200
    assert "borttaget-amne" in html and "utelämnades" in html
    assert titles(response) == {"SFI i Leksand"}
    # the subscription links offered on the page do not carry the dropped value on
    feed_links = re.findall(r'href="([^"]*kalender\.ics[^"]*)"', html)
    assert feed_links and all(link.endswith("kalender.ics?kommun=leksand") for link in feed_links)


@pytest.mark.django_db
def test_feed_answers_304_to_etag_and_last_modified(client, calendar, future):
    page = make_event(calendar, future(5), slug="a", title="Första", publish=True)
    first = client.get("/kalender/kalender.ics")
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert client.get("/kalender/kalender.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert (
        client.get("/kalender/kalender.ics", HTTP_IF_MODIFIED_SINCE=last_modified).status_code
        == 304
    )
    # a publish changes both
    time.sleep(1)
    page = page.get_latest_revision_as_object()
    page.title = "Första, ny titel"
    page.save_revision().publish()
    after = client.get("/kalender/kalender.ics", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert "Första, ny titel" in summaries(after)
    assert (
        client.get("/kalender/kalender.ics", HTTP_IF_MODIFIED_SINCE=last_modified).status_code
        == 200
    )
    # unpublishing an event is a change too
    time.sleep(1)
    newer = client.get("/kalender/kalender.ics")["Last-Modified"]
    page.unpublish()
    gone = client.get("/kalender/kalender.ics", HTTP_IF_MODIFIED_SINCE=newer)
    assert gone.status_code == 200
    assert summaries(gone) == set()


@pytest.mark.django_db
def test_dtstamp_is_the_last_change_not_the_build_time(client, calendar, future):
    page = make_event(calendar, future(5), slug="a", publish=True)
    first = client.get("/kalender/kalender.ics").content
    time.sleep(1.1)
    cache.clear()  # built again from scratch
    second = client.get("/kalender/kalender.ics").content
    assert first == second
    stamp = prop(events(parse(first))[0], "DTSTAMP")[2]
    published = page.ical_state.changed_at.astimezone(datetime.UTC)
    assert stamp == published.strftime("%Y%m%dT%H%M%SZ")
    assert prop(events(parse(first))[0], "LAST-MODIFIED")[2] == stamp


@pytest.mark.django_db
def test_feed_asks_clients_to_refresh_hourly_and_is_named_after_its_filters(
    client,
    spread,  # noqa: F811
):
    cal = parse(client.get("/kalender/kalender.ics").content)
    assert prop(cal, "REFRESH-INTERVAL") == ("REFRESH-INTERVAL", {"VALUE": "DURATION"}, "PT1H")
    assert prop(cal, "X-PUBLISHED-TTL")[2] == "PT1H"
    assert unescape(prop(cal, "X-WR-CALNAME")[2]) == "Samverkansportalen – kalender"
    filtered = parse(client.get("/kalender/kalender.ics?lan=dalarna&form=online").content)
    assert (
        unescape(prop(filtered, "X-WR-CALNAME")[2])
        == "Samverkansportalen – kalender – Dalarna, digitalt"
    )
    by_topic = parse(client.get("/kalender/kalender.ics?kommun=leksand&amne=sfi").content)
    assert (
        unescape(prop(by_topic, "X-WR-CALNAME")[2])
        == "Samverkansportalen – kalender – Leksand, SFI"
    )
    # a dropped filter is not in the name either
    dropped = parse(client.get("/kalender/kalender.ics?lan=atlantis&form=online").content)
    assert unescape(prop(dropped, "X-WR-CALNAME")[2]) == "Samverkansportalen – kalender – digitalt"


@pytest.mark.django_db
def test_a_publish_in_another_process_is_seen_at_once(client, calendar, future, settings):
    """Each process may have its own local-memory cache: the feed's cache key comes from the
    database, so a publish elsewhere (simulated: this process's cache is not told) shows."""
    settings.EVENTS_FEED_CACHE_SECONDS = 300
    page = make_event(calendar, future(5), slug="a", title="Före", publish=True)
    assert summaries(client.get("/kalender/kalender.ics")) == {"Före"}
    from events.models import IcalState

    # what another worker's publish leaves in the database, without touching our cache
    page.title = "Efter"
    page.save()
    IcalState.objects.filter(page=page).update(
        changed_at=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=5)
    )
    assert summaries(client.get("/kalender/kalender.ics")) == {"Efter"}


@pytest.mark.django_db
def test_if_modified_since_in_the_future_of_a_change_gives_304(client, calendar, future):
    make_event(calendar, future(5), slug="a", publish=True)
    later = http_date(time.time() + 3600)
    assert client.get("/kalender/kalender.ics", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
