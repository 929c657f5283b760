"""The feeds write their VEVENTs directly instead of through icalendar's object model (issue
13: 3,000 entries took seconds). The bytes must stay exactly what icalendar wrote, so these tests
build the same calendar both ways and compare them byte for byte."""

import datetime
import random

import pytest
from icalendar.parser.string import _escape_char, _foldline

from events import ics, queries
from events.factories import make_event
from events.models import EventOccurrence
from events.models.event import STOCKHOLM, EventStatus


def _both_ways(occurrences, **options):
    occurrences = list(occurrences)
    direct = ics.build_calendar(occurrences, **options)
    calendar = ics.new_calendar(options["name"], subscription=options.get("subscription", False))
    reference = ics._build_with_icalendar(
        calendar,
        occurrences,
        url_for=options.get("url_for"),
        for_participants=options.get("for_participants", False),
        method="PUBLISH",
        attendee=None,
        removed=(),
    )
    return direct, reference


@pytest.fixture
def varied(calendar):
    """All-day, multi-day, a cancelled session, a cancelled event, a hidden online link, both
    DST changes (the second 02:30 of October is written in UTC) and long Swedish text with
    commas, semicolons and backslashes at every folding offset."""
    make_event(
        calendar,
        datetime.datetime(2031, 5, 20, 9, 30, tzinfo=STOCKHOLM),
        sessions=3,
        title="SFI, arbete; och samhälle",
        slug="sfi",
        summary="En lång beskrivning, " * 12 + "med komma, semikolon; och\nradbrytning.",
        venue="Folkets hus",
        address="Storgatan 1, Leksand",
    )
    multi_day = make_event(
        calendar,
        datetime.datetime(2031, 6, 2, 0, 0, tzinfo=STOCKHOLM),
        title="Sommarläger för ensamkommande",
        slug="lager",
    )
    multi_day.occurrences.update(
        all_day=True, end=datetime.datetime(2031, 6, 5, 0, 0, tzinfo=STOCKHOLM)
    )
    one_day = make_event(
        calendar,
        datetime.datetime(2031, 6, 9, 0, 0, tzinfo=STOCKHOLM),
        title="Heldag",
        slug="heldag",
    )
    one_day.occurrences.update(
        all_day=True, end=datetime.datetime(2031, 6, 10, 0, 0, tzinfo=STOCKHOLM)
    )
    course = make_event(
        calendar,
        datetime.datetime(2031, 9, 1, 13, 0, tzinfo=STOCKHOLM),
        sessions=2,
        title="Kurs med inställt tillfälle",
        slug="kurs",
    )
    course.occurrences.filter(start__gt=datetime.datetime(2031, 9, 2, tzinfo=STOCKHOLM)).update(
        cancelled=True
    )
    make_event(
        calendar,
        datetime.datetime(2031, 9, 10, 9, 0, tzinfo=STOCKHOLM),
        title="Inställd konferens",
        slug="installd",
        status=EventStatus.CANCELLED,
        cancellation_note="Ställs in p.g.a. sjukdom; nytt datum kommer.",
    )
    make_event(
        calendar,
        datetime.datetime(2031, 9, 15, 9, 0, tzinfo=STOCKHOLM),
        title="Webbinarium",
        slug="webbinarium",
        format="online",
        venue="",
        address="",
        online_url="https://meet.example.se/rum?id=1,2;3",
        signup_enabled=True,
        online_url_participants_only=True,
    )
    make_event(
        calendar,
        datetime.datetime(2031, 9, 16, 9, 0, tzinfo=STOCKHOLM),
        title="Öppet webbinarium",
        slug="oppet",
        format="online",
        venue="",
        address="",
        online_url="https://meet.example.se/oppet",
    )
    second_half_hour = datetime.datetime(2031, 10, 26, 1, 30, tzinfo=datetime.UTC)
    make_event(calendar, second_half_hour, hours=2, title="Natt till vintertid", slug="vinter")
    make_event(
        calendar,
        datetime.datetime(2031, 3, 30, 1, 30, tzinfo=STOCKHOLM),
        hours=2,
        title="Natt till sommartid",
        slug="sommar",
    )
    for offset in range(8):
        make_event(
            calendar,
            datetime.datetime(2031, 11, 1 + offset, 10, 0, tzinfo=STOCKHOLM),
            title="Å" * offset + "Språkcafé, läxhjälp; \\ flyktingguider " * 3,
            slug=f"lang-{offset}",
            summary="x" * offset + "Överenskommelse\\, åtgärder; ärenden, " * 9,
            venue="Ö" * offset + "Medborgarhuset, Rättvik" * 4,
            organiser_name="Länsstyrelsen i Dalarnas län, enheten för integration; " * 2,
        )


@pytest.mark.django_db
def test_feed_bytes_are_what_icalendar_wrote(varied):
    occurrences = queries.occurrences().order_by("start", "pk")
    assert occurrences.count() == 20
    direct, reference = _both_ways(
        occurrences,
        name="Samverkansportalen – kalender – Leksand, online",
        url_for=lambda page: f"https://portal.example.se/kalender/{page.slug}/",
        subscription=True,
    )
    assert direct == reference
    text = direct.decode()
    assert "DTSTART;VALUE=DATE:20310602\r\nDTEND;VALUE=DATE:20310605" in text
    assert "DTSTART:20311026T013000Z" in text
    assert "STATUS:CANCELLED" in text
    assert "meet.example.se/rum" not in text
    assert "https://meet.example.se/oppet" in text
    assert max(len(line) for line in direct.split(b"\r\n")) <= 75


@pytest.mark.django_db
def test_participant_copy_is_what_icalendar_wrote(varied):
    occurrences = queries.occurrences().order_by("start", "pk")
    direct, reference = _both_ways(occurrences, name="Mina evenemang", for_participants=True)
    assert direct == reference
    assert rb"rum?id=1\,2\;3" in direct


@pytest.mark.django_db
def test_a_session_without_its_course_in_the_prefetch_is_numbered_as_before(varied):
    """One event's file reads occurrences without the feed's prefetch."""
    occurrence = EventOccurrence.objects.filter(page__slug="sfi").order_by("start")[1]
    direct, reference = _both_ways([occurrence], name="SFI")
    assert direct == reference
    assert "(2/3)" in direct.decode()


def test_folding_matches_icalendar_for_any_text():
    rng = random.Random(13)
    alphabet = "abc ,;\\^\nåäöÅÄÖé€😀"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 260)))
        line = "DESCRIPTION:" + _escape_char(text)
        assert ics._fold(line) == _foldline(line).encode(), line
