"""iCalendar (RFC 5545) output for the calendar feed, one event, and the confirmation e-mail.

Text values go in as plain text: SUMMARY, LOCATION and the calendar name on one line (a line
break there is not valid, and older pages may hold one), DESCRIPTION with its breaks escaped by
icalendar. The online-meeting link is in the public files only when it is public; the copy
mailed to a confirmed participant always has it."""

import datetime
import functools

from django.utils import timezone

from icalendar import Calendar, Event, Timezone

from portal.text import multi_line, single_line

PRODID = "-//Samverkansportalen//Kalender//SV"
TZID = "Europe/Stockholm"


@functools.cache
def _stockholm_vtimezone_ical():
    """The VTIMEZONE block, generated once: transitions from 2000 to 2040 are plenty."""
    return Timezone.from_tzid(
        TZID, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2040, 1, 1)
    ).to_ical()


def _description(page, url, for_participants=False):
    parts = []
    if page.is_cancelled:
        parts.append("INSTÄLLT.")
        if page.cancellation_note:
            parts.append(page.cancellation_note)
    if page.summary:
        parts.append(page.summary)
    organiser = page.organiser_display
    if organiser:
        parts.append(f"Arrangör: {organiser}")
    online_url = page.online_url if for_participants else page.public_online_url
    if online_url:
        parts.append(f"Länk: {online_url}")
    if url:
        parts.append(url)
    return multi_line("\n\n".join(parts))


def _location(page):
    return single_line(
        ", ".join(part for part in (page.venue, page.address) if part)
        or ("Online" if page.format == "online" else "")
    )


def occurrence_component(occurrence, *, url="", dtstamp=None, sequence=0, for_participants=False):
    page = occurrence.page
    event = Event()
    event.add("uid", occurrence.ics_uid())
    event.add("dtstamp", dtstamp or timezone.now().astimezone(datetime.UTC))
    if occurrence.all_day:
        start_date = occurrence.local_start.date()
        end_date = max(occurrence.local_end.date(), start_date)
        if occurrence.local_end.time() != datetime.time(0, 0) or end_date == start_date:
            end_date += datetime.timedelta(days=1)
        event.add("dtstart", start_date)
        event.add("dtend", end_date)
    else:
        event.add("dtstart", occurrence.local_start)
        event.add("dtend", occurrence.local_end)
    title = single_line(page.title)
    _position, total = occurrence.position()
    if total > 1:
        title = f"{title} ({_position}/{total})"
    event.add("summary", title)
    description = _description(page, url, for_participants)
    if description:
        event.add("description", description)
    location = _location(page)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
    if page.last_published_at:
        event.add("last-modified", page.last_published_at.astimezone(datetime.UTC))
    return event


def build_calendar(occurrences, *, name, url_for=None, for_participants=False):
    """Bytes of a VCALENDAR holding one VEVENT per occurrence; ``url_for(page)`` gives the
    absolute URL of an event page. ``for_participants``: the copy for a confirmed participant,
    with the online-meeting link even when it is not public."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", single_line(name))
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(Timezone.from_ical(_stockholm_vtimezone_ical()))
    dtstamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for occurrence in occurrences:
        state = getattr(occurrence.page, "ical_state", None)
        calendar.add_component(
            occurrence_component(
                occurrence,
                url=url_for(occurrence.page) if url_for else "",
                dtstamp=dtstamp,
                sequence=state.sequence if state else 0,
                for_participants=for_participants,
            )
        )
    return calendar.to_ical()
