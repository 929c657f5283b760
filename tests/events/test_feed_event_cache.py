"""The public feed keeps each event's VEVENTs in the shared cache under a key made from everything
they are written from (issue 17): after one event changes, rebuilding a feed of thousands writes
that event's lines again and reads the others. The bytes stay what build_calendar writes."""

import datetime

import pytest

from events import ics, queries
from events.factories import make_event
from events.models import EventOccurrence, EventPage
from events.models.event import STOCKHOLM
from partners.factories import OrganisationFactory
from portal.emails import absolute_url

from .ics_parser import events, parse, prop, unescape
from .test_feed_speed_equivalence import varied  # noqa: F401 - the fixture

FEED = "/kalender/kalender.ics"


def url_for(page):
    return f"https://portal.example.se/kalender/{page.slug}/"


def from_rows(queryset=None, name="Kalender"):
    if queryset is None:
        queryset = queries.public_occurrences().order_by("start", "pk")
    ids, pages = queries.feed_rows(queryset)
    return ics.feed_calendar(ids, pages, name=name, url_for=url_for, subscription=True)


def from_models(name="Kalender", url_for=url_for):
    return ics.build_calendar(
        queries.occurrences().order_by("start", "pk"),
        name=name,
        url_for=url_for,
        subscription=True,
    )


@pytest.fixture
def writes(monkeypatch):
    """The events whose lines were written (not read from the cache), by title."""
    written = []
    original = ics._page_lines

    def counted(page, **options):
        written.append(page.title)
        return original(page, **options)

    monkeypatch.setattr(ics, "_page_lines", counted)
    return written


def vevents(content):
    return {prop(e, "UID")[2]: e for e in events(parse(content))}


@pytest.mark.django_db
def test_feed_from_rows_and_cache_is_byte_for_byte_what_build_calendar_wrote(varied, writes):  # noqa: F811
    reference = from_models()
    writes.clear()
    first = from_rows()
    assert first == reference
    assert len(writes) == EventPage.objects.live().count() == 17
    writes.clear()
    assert from_rows() == reference  # every event read from the cache
    assert writes == []


@pytest.mark.django_db
def test_after_one_title_change_only_that_event_is_written_again(client, calendar, future, writes):
    pages = [
        make_event(calendar, future(2 + n), sessions=1 + n % 3, title=f"Träff {n}", slug=f"t{n}")
        for n in range(12)
    ]
    before = client.get(FEED).content
    assert len(writes) == 12
    writes.clear()

    page = pages[4].get_latest_revision_as_object()
    page.title = "Träff 4, ny tid och plats"
    page.save_revision().publish()
    after = client.get(FEED).content

    assert writes == ["Träff 4, ny tid och plats"]
    old, new = vevents(before), vevents(after)
    assert old.keys() == new.keys()
    changed = {uid for uid in old if old[uid] != new[uid]}
    assert changed == {
        f"event-{page.pk}-occ-{o.pk}@samverkansportalen" for o in page.occurrences.all()
    }
    assert {unescape(prop(new[uid], "SUMMARY")[2]) for uid in changed} == {
        "Träff 4, ny tid och plats (1/2)",
        "Träff 4, ny tid och plats (2/2)",
    }
    # and what was read from the cache is what a build from scratch writes
    base = absolute_url(calendar.url)
    assert after == from_models(
        name="Samverkansportalen – kalender", url_for=lambda page: f"{base}{page.slug}/"
    )


@pytest.mark.django_db
def test_a_change_without_a_publish_is_written_again(calendar, writes):
    """The key is made from the columns themselves: an organiser renamed, a session cancelled
    or moved by a direct update (no publish, no new revision) still gives new lines."""
    organisation = OrganisationFactory(name="Röda korset")
    start = datetime.datetime(2031, 5, 20, 9, 30, tzinfo=STOCKHOLM)
    course = make_event(calendar, start, sessions=3, title="Kurs", slug="kurs")
    make_event(
        calendar,
        start,
        title="Träff",
        slug="traff",
        organiser_organisation=organisation,
        organiser_name="",
    )
    from_rows()
    writes.clear()

    organisation.name = "Svenska Röda korset"
    organisation.save()
    renamed = from_rows()
    assert writes == ["Träff"]
    descriptions = [unescape(prop(e, "DESCRIPTION")[2]) for e in events(parse(renamed))]
    assert sum("Arrangör: Svenska Röda korset" in text for text in descriptions) == 1

    writes.clear()
    last = course.occurrences.order_by("start").last()
    course.occurrences.filter(pk=last.pk).update(cancelled=True)
    EventOccurrence.objects.filter(page=course, start=start).update(
        start=start - datetime.timedelta(hours=1)
    )
    changed = from_rows()
    assert writes == ["Kurs"]
    assert changed == from_models()
    cancelled = vevents(changed)[last.ics_uid()]
    assert prop(cancelled, "STATUS")[2] == "CANCELLED"


@pytest.mark.django_db
def test_a_filtered_feed_reads_the_lines_the_full_feed_kept(client, calendar, future, writes):
    for n in range(6):
        make_event(
            calendar,
            future(2 + n),
            title=f"Träff {n}",
            slug=f"t{n}",
            format="online" if n % 2 else "onsite",
        )
    client.get(FEED)
    writes.clear()
    online = client.get(FEED + "?form=online")
    assert writes == []
    assert {unescape(prop(e, "SUMMARY")[2]) for e in events(parse(online.content))} == {
        "Träff 1",
        "Träff 3",
        "Träff 5",
    }


@pytest.mark.django_db
def test_an_unpublished_event_leaves_the_feed_though_its_lines_are_kept(client, calendar, future):
    kept = make_event(calendar, future(3), title="Stannar", slug="stannar")
    hidden = make_event(
        calendar, future(4), title="Avpubliceras", slug="avpubliceras", publish=True
    )
    assert b"Avpubliceras" in client.get(FEED).content
    hidden.unpublish()
    content = client.get(FEED).content
    assert b"Avpubliceras" not in content
    assert b"Stannar" in content
    assert kept.live
