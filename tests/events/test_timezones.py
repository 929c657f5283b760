"""Times every calendar client reads right: the VTIMEZONE with yearly rules, summer and winter
events at the same instant in icalendar, vobject, recurring-ical-events and the tests' own
parser, the second 02:30 of the October change, multi-day and all-day events ending on the same
day everywhere, and the admin's handling of the daylight-saving edges."""

import datetime

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from events.factories import make_event
from events.models import EventOccurrence
from events.models.event import STOCKHOLM

from .ics_parser import events, parse, prop

UTC = datetime.UTC


def _parser_instant(params, value):
    """The tests' own reading of a DTSTART/DTEND: a TZID time is converted with zoneinfo."""
    if value.endswith("Z"):
        return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert params.get("TZID") == "Europe/Stockholm", params
    naive = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
    return naive.replace(tzinfo=STOCKHOLM).astimezone(UTC)  # fold=0: the first, as RFC 5545 says


@pytest.fixture
def seasons(calendar):
    """A winter, a summer and a DST-edge event, and the instants the database holds."""
    make_event(calendar, datetime.datetime(2031, 1, 15, 9, 0, tzinfo=STOCKHOLM), slug="vinter")
    make_event(calendar, datetime.datetime(2031, 7, 1, 13, 30, tzinfo=STOCKHOLM), slug="sommar")
    edge = make_event(
        calendar, datetime.datetime(2031, 10, 26, 0, 30, tzinfo=STOCKHOLM), hours=1, slug="kant"
    )
    # the second 02:30 of 26 October 2031 (winter time, 01:30 UTC) to 03:30
    occurrence = edge.occurrences.get()
    occurrence.start = datetime.datetime(2031, 10, 26, 1, 30, tzinfo=UTC)
    occurrence.end = datetime.datetime(2031, 10, 26, 2, 30, tzinfo=UTC)
    occurrence.save()
    return {
        o.ics_uid(): (o.start.astimezone(UTC), o.end.astimezone(UTC))
        for o in EventOccurrence.objects.all()
    }


@pytest.mark.django_db
def test_vtimezone_has_yearly_rules_not_a_list_of_dates(client, seasons):
    cal = parse(client.get("/kalender/kalender.ics").content)
    (vtimezone,) = [c for c in cal["children"] if c["name"] == "VTIMEZONE"]
    rules = {c["name"]: c for c in vtimezone["children"]}
    assert set(rules) == {"STANDARD", "DAYLIGHT"}
    assert prop(rules["DAYLIGHT"], "RRULE")[2] in (
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    )
    assert prop(rules["STANDARD"], "RRULE")[2] in (
        "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    )
    assert not any(p[0] == "RDATE" for rule in rules.values() for p in rule["props"])


@pytest.mark.django_db
def test_every_parser_reads_every_instant_as_the_database_holds_it(client, seasons):
    data = client.get("/kalender/kalender.ics").content
    # the tests' own strict parser
    for vevent in events(parse(data)):
        uid = prop(vevent, "UID")[2]
        _name, params, value = prop(vevent, "DTSTART")
        assert _parser_instant(params, value) == seasons[uid][0], uid
        _name, params, value = prop(vevent, "DTEND")
        assert _parser_instant(params, value) == seasons[uid][1], uid
    # icalendar
    for vevent in Calendar.from_ical(data).walk("VEVENT"):
        uid = str(vevent["UID"])
        assert vevent.decoded("DTSTART").astimezone(UTC) == seasons[uid][0], uid
        assert vevent.decoded("DTEND").astimezone(UTC) == seasons[uid][1], uid
    # vobject, as CalDAV tools read it
    parsed = vobject.readOne(data.decode())
    assert len(parsed.vevent_list) == 3
    for vevent in parsed.vevent_list:
        uid = vevent.uid.value
        assert vevent.dtstart.value.astimezone(UTC) == seasons[uid][0], uid
        assert vevent.dtend.value.astimezone(UTC) == seasons[uid][1], uid
    # recurring-ical-events
    found = recurring_ical_events.of(Calendar.from_ical(data)).between(
        datetime.datetime(2030, 1, 1, tzinfo=UTC), datetime.datetime(2033, 1, 1, tzinfo=UTC)
    )
    assert len(found) == 3
    for vevent in found:
        uid = str(vevent["UID"])
        assert vevent["DTSTART"].dt.astimezone(UTC) == seasons[uid][0], uid
        assert vevent["DTEND"].dt.astimezone(UTC) == seasons[uid][1], uid


@pytest.mark.django_db
def test_the_second_half_past_two_in_october_is_written_unambiguously(client, seasons):
    vevent = next(
        e
        for e in events(parse(client.get("/kalender/kant/ics/").content))
        if prop(e, "UID")[2].startswith("event-")
    )
    assert prop(vevent, "DTSTART")[2] == "20311026T013000Z"
    # 03:30 winter time is not ambiguous: local time with TZID
    assert prop(vevent, "DTEND") == ("DTEND", {"TZID": "Europe/Stockholm"}, "20311026T033000")


# --- one end date everywhere --------------------------------------------------------------


@pytest.mark.django_db
def test_multi_day_all_day_event_ends_on_the_same_day_everywhere(client, calendar):
    page = make_event(
        calendar, datetime.datetime(2031, 9, 1, 0, 0, tzinfo=STOCKHOLM), slug="konferens"
    )
    occurrence = page.occurrences.get()
    occurrence.all_day = True
    occurrence.end = datetime.datetime(2031, 9, 3, 0, 0, tzinfo=STOCKHOLM)  # to midnight
    occurrence.save()
    # the page: 1–2 September
    html = client.get("/kalender/konferens/").content.decode()
    assert '<time datetime="2031-09-02">2 september 2031</time>' in html
    assert "3 september" not in html
    # the grid: the 1st and the 2nd, not the 3rd
    grid = client.get("/kalender/manad/2031/9/").content.decode()
    cells = grid.split('<time datetime="2031-09-0')
    assert "Utbildning" in cells[1] or page.title in cells[1]
    assert page.title in cells[2].split("</td>")[0]
    assert page.title not in cells[3].split("</td>")[0]
    # the ICS: DTEND is exclusive, the day after the last
    vevent = events(parse(client.get("/kalender/konferens/ics/").content))[0]
    assert prop(vevent, "DTSTART") == ("DTSTART", {"VALUE": "DATE"}, "20310901")
    assert prop(vevent, "DTEND") == ("DTEND", {"VALUE": "DATE"}, "20310903")


@pytest.mark.django_db
def test_timed_session_ending_at_midnight_belongs_to_its_day(client, calendar):
    page = make_event(
        calendar, datetime.datetime(2031, 9, 5, 18, 0, tzinfo=STOCKHOLM), slug="kvall", hours=6
    )
    html = client.get("/kalender/kvall/").content.decode()
    assert "18:00" in html and "24:00" in html and "6 september" not in html
    grid = client.get("/kalender/manad/2031/9/").content.decode()
    sixth = grid.split('<time datetime="2031-09-06">', 1)[1].split("</td>", 1)[0]
    assert page.title not in sixth


# --- the admin at the daylight-saving edges ------------------------------------------------


def _admin_form(event, start, end):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    occurrence = event.occurrences.get()
    form_class = type(event).get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "status": "scheduled",
            "format": "onsite",
            "language": "svenska",
            "body": streamfield([]),
            "occurrences": inline_formset(
                [{"id": str(occurrence.pk), "start": start, "end": end, "ORDER": "1"}],
                initial=1,
                min=1,
            ),
            "questions": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    page = type(event).objects.get(pk=event.pk)
    return form_class(data, instance=page, parent_page=event.get_parent(), for_user=None)


def _all_errors(form):
    errors = [str(e) for e in form.non_field_errors()]
    for field_errors in form.errors.values():
        errors.extend(str(e) for e in field_errors)
    for child in form.formsets["occurrences"].forms:
        for field, field_errors in child.errors.items():
            errors.extend(f"{field}: {e}" for e in field_errors)
    errors.extend(str(e) for e in form.formsets["occurrences"].non_form_errors())
    return errors


@pytest.mark.django_db
def test_admin_accepts_the_repeated_hour_in_october(event):
    form = _admin_form(event, "2031-10-26 02:30", "2031-10-26 04:00")
    assert form.is_valid(), _all_errors(form)
    start = form.formsets["occurrences"].forms[0].cleaned_data["start"]
    assert start.astimezone(UTC) == datetime.datetime(2031, 10, 26, 0, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_admin_refuses_the_skipped_hour_in_march_with_one_swedish_message(event):
    form = _admin_form(event, "2031-03-30 02:30", "2031-03-30 04:00")
    assert not form.is_valid()
    errors = _all_errors(form)
    assert len(errors) == 1, errors
    assert errors[0].startswith("start: ")
    assert "finns inte i svensk tid" in errors[0]
    assert "efter" not in errors[0]  # not "the end must be after the start"
    # the hours either side of the gap are fine
    assert _admin_form(event, "2031-03-30 01:30", "2031-03-30 03:30").is_valid()
