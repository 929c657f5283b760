import datetime

import pytest

from events.factories import make_event
from events.models.event import STOCKHOLM

from .ics_parser import events, parse, prop, unescape


@pytest.mark.django_db
def test_feed_is_valid_rfc5545_with_timezone_uid_and_escaping(client, calendar):
    start = datetime.datetime(2031, 5, 20, 9, 30, tzinfo=STOCKHOLM)
    page = make_event(
        calendar,
        start,
        sessions=2,
        title="SFI, arbete; och samhälle",
        slug="sfi",
        summary="En lång beskrivning " * 10 + "med komma, semikolon; och\nradbrytning.",
        venue="Folkets hus",
        address="Storgatan 1, Leksand",
    )
    response = client.get("/kalender/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = parse(response.content)
    assert prop(cal, "VERSION")[2] == "2.0"
    assert prop(cal, "PRODID")
    timezones = [c for c in cal["children"] if c["name"] == "VTIMEZONE"]
    assert len(timezones) == 1
    assert prop(timezones[0], "TZID")[2] == "Europe/Stockholm"
    assert {c["name"] for c in timezones[0]["children"]} == {"STANDARD", "DAYLIGHT"}
    vevents = events(cal)
    assert len(vevents) == 2
    occurrence_ids = sorted(page.occurrences.values_list("pk", flat=True))
    uids = sorted(prop(e, "UID")[2] for e in vevents)
    assert uids == sorted(f"event-{page.pk}-occ-{pk}@samverkansportalen" for pk in occurrence_ids)
    first = next(e for e in vevents if prop(e, "DTSTART")[2] == "20310520T093000")
    name, params, value = prop(first, "DTSTART")
    assert params == {"TZID": "Europe/Stockholm"}
    assert prop(first, "DTEND")[2] == "20310520T123000"
    assert prop(first, "DTSTAMP")[2].endswith("Z")
    assert unescape(prop(first, "SUMMARY")[2]) == "SFI, arbete; och samhälle (1/2)"
    assert "radbrytning." in unescape(prop(first, "DESCRIPTION")[2])
    assert "\n" in unescape(prop(first, "DESCRIPTION")[2])
    assert unescape(prop(first, "LOCATION")[2]) == "Folkets hus, Storgatan 1, Leksand"
    assert prop(first, "STATUS")[2] == "CONFIRMED"
    assert prop(first, "SEQUENCE")[2] == "0"
    assert prop(first, "URL")[2] == "http://testserver/kalender/sfi/"
    # stable: the same UIDs on the next request
    again = sorted(
        prop(e, "UID")[2] for e in events(parse(client.get("/kalender/kalender.ics").content))
    )
    assert again == uids


@pytest.mark.django_db
def test_feed_carries_the_filters(client, calendar, future):
    from portal.models import Municipality

    make_event(
        calendar,
        future(5),
        title="I Rättvik",
        slug="rattvik",
        municipalities=[Municipality.objects.get(code="2031")],
    )
    make_event(
        calendar,
        future(5),
        title="I Ronneby",
        slug="ronneby",
        municipalities=[Municipality.objects.get(code="1081")],
    )
    cal = parse(client.get("/kalender/kalender.ics?kommun=rattvik").content)
    assert [unescape(prop(e, "SUMMARY")[2]) for e in events(cal)] == ["I Rättvik"]


@pytest.mark.django_db
def test_cancelled_events_say_so_and_sequence_grows_on_change(client, calendar, future):
    page = make_event(calendar, future(20), title="Seminarium", slug="seminarium", publish=True)
    vevent = events(parse(client.get("/kalender/seminarium/ics/").content))[0]
    assert prop(vevent, "SEQUENCE")[2] == "0"
    assert prop(vevent, "STATUS")[2] == "CONFIRMED"

    page = page.get_latest_revision_as_object()
    page.status = "cancelled"
    page.save_revision().publish()
    vevent = events(parse(client.get("/kalender/seminarium/ics/").content))[0]
    assert prop(vevent, "STATUS")[2] == "CANCELLED"
    assert prop(vevent, "SEQUENCE")[2] == "1"

    # a publish that changes nothing calendar programs care about keeps the sequence
    page = page.get_latest_revision_as_object()
    page.summary = "Ny sammanfattning"
    page.save_revision().publish()
    vevent = events(parse(client.get("/kalender/seminarium/ics/").content))[0]
    assert prop(vevent, "SEQUENCE")[2] == "1"


@pytest.mark.django_db
def test_single_cancelled_occurrence_and_all_day(client, calendar):
    page = make_event(
        calendar, datetime.datetime(2031, 9, 1, 9, 0, tzinfo=STOCKHOLM), sessions=2, slug="kurs"
    )
    first, second = page.occurrence_list
    second.cancelled = True
    second.save()
    first.all_day = True
    first.end = first.start + datetime.timedelta(hours=1)
    first.save()
    vevents = events(parse(client.get("/kalender/kurs/ics/").content))
    by_status = {prop(e, "STATUS")[2] for e in vevents}
    assert by_status == {"CONFIRMED", "CANCELLED"}
    all_day = next(e for e in vevents if prop(e, "STATUS")[2] == "CONFIRMED")
    assert prop(all_day, "DTSTART") == ("DTSTART", {"VALUE": "DATE"}, "20310901")
    assert prop(all_day, "DTEND")[2] == "20310902"


@pytest.mark.django_db
def test_daylight_saving_keeps_wall_clock_times(client, calendar):
    """A weekly course across the last Sunday of March and of October keeps 18:00 local."""
    spring = make_event(
        calendar,
        datetime.datetime(2031, 3, 24, 18, 0, tzinfo=STOCKHOLM),
        sessions=2,
        hours=2,
        slug="var",
        title="Vårkurs",
    )
    autumn = make_event(
        calendar,
        datetime.datetime(2031, 10, 20, 18, 0, tzinfo=STOCKHOLM),
        sessions=2,
        hours=2,
        slug="host",
        title="Höstkurs",
    )
    for page, dates in (
        (spring, ("24 mars 2031", "31 mars 2031")),
        (autumn, ("20 oktober 2031", "27 oktober 2031")),
    ):
        starts_utc = [o.start.astimezone(datetime.UTC).hour for o in page.occurrence_list]
        assert starts_utc[0] != starts_utc[1]  # the UTC hour shifts ...
        html = client.get(page.url).content.decode()
        for date in dates:
            assert f"{date}, 18:00" in html.replace("måndag ", "")  # ... the local time does not
        vevents = events(parse(client.get(page.url + "ics/").content))
        assert sorted(prop(e, "DTSTART")[2][-6:] for e in vevents) == ["180000", "180000"]
        assert all(prop(e, "DTSTART")[1] == {"TZID": "Europe/Stockholm"} for e in vevents)


@pytest.mark.django_db
def test_weekly_series_helper_keeps_wall_clock_time_across_dst(calendar):
    page = make_event(calendar, datetime.datetime(2031, 3, 10, 10, 0, tzinfo=STOCKHOLM))
    page.occurrences.all().delete()
    page = page.__class__.objects.get(pk=page.pk)
    created = page.add_weekly_series(
        datetime.datetime(2031, 3, 17, 18, 0, tzinfo=STOCKHOLM), datetime.timedelta(hours=2), 4
    )
    page.save()
    assert [o.local_start.strftime("%m-%d %H:%M") for o in created] == [
        "03-17 18:00",
        "03-24 18:00",
        "03-31 18:00",
        "04-07 18:00",
    ]
    assert page.occurrences.count() == 4


@pytest.mark.django_db
def test_cached_feed_is_rebuilt_when_an_event_is_published(client, calendar, future):
    make_event(calendar, future(5), title="Första", slug="forsta", publish=True)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as built:
        first = client.get("/kalender/kalender.ics").content
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/kalender/kalender.ics").content == first
    # served from the cache: the occurrences are not read again
    assert not any("events_eventoccurrence" in q["sql"] for q in cached.captured_queries)
    assert any("events_eventoccurrence" in q["sql"] for q in built.captured_queries)
    make_event(calendar, future(6), title="Andra", slug="andra", publish=True)
    summaries = [
        unescape(prop(e, "SUMMARY")[2])
        for e in events(parse(client.get("/kalender/kalender.ics").content))
    ]
    assert summaries == ["Första", "Andra"]
