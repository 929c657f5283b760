"""iCalendar (RFC 5545) output for the calendar feed, one event, the e-mails and personal feeds.

Text values go in as plain text: SUMMARY, LOCATION and the calendar name on one line (a line
break there is not valid, and older pages may hold one), DESCRIPTION with its breaks escaped by
icalendar. The online-meeting link is in the public files only when it is public; the copy
mailed to a confirmed participant always has it.

Times: local times carry TZID=Europe/Stockholm and one VTIMEZONE with the yearly rules (every
reader, vobject included, expands them the same way; a list of change dates is read an hour late
by some). A local time that happens twice (02:30 on the October change) means the first one in
RFC 5545, so the second one is written in UTC. DTSTAMP and LAST-MODIFIED are the event's last
change, never the moment the file was built, so an unchanged feed is byte for byte the same.
There is no X-WR-TIMEZONE: every time already says its zone, and readers that apply it (e.g.
recurring-ical-events) turn the second 02:30 of October back into the first.
"""

import datetime
import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.core.cache import cache

from icalendar import Calendar, Event, Timezone, vCalAddress, vText
from icalendar.parser.string import _escape_char

from portal.text import multi_line, single_line

from .models.event import STOCKHOLM

PRODID = "-//Samverkansportalen//Kalender//SV"
TZID = "Europe/Stockholm"
# Calendar programs are asked to fetch a subscribed feed again after this long.
REFRESH_INTERVAL = datetime.timedelta(hours=1)
# A DTSTAMP for events that were never published through Wagtail (e.g. bulk-loaded volume data).
FALLBACK_STAMP = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

VTIMEZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        f"TZID:{TZID}",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
)


def ical_time(moment):
    """An aware datetime as ICS wants it: Swedish local time, or UTC for the second of two equal
    local times (which a TZID time cannot name)."""
    local = moment.astimezone(STOCKHOLM)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(datetime.UTC)
    return local


def last_change(page):
    """When the event last changed: its DTSTAMP and LAST-MODIFIED."""
    state = getattr(page, "ical_state", None) if page.pk else None
    stamp = (
        (state.changed_at if state else None)
        or page.last_published_at
        or page.first_published_at
        or FALLBACK_STAMP
    )
    return stamp.astimezone(datetime.UTC).replace(microsecond=0)


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


def _organizer(page):
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText(
        single_line(page.organiser_display or name or "Samverkansportalen")
    )
    return organizer


def _attendee(signup):
    attendee = vCalAddress(f"mailto:{signup.email}")
    attendee.params["CN"] = vText(single_line(signup.name))
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("ACCEPTED")
    attendee.params["RSVP"] = vText("FALSE")
    return attendee


def _add_times(event, start, end, all_day, first_day, last_day):
    if all_day:
        event.add("dtstart", first_day)
        event.add("dtend", last_day + datetime.timedelta(days=1))  # DTEND is exclusive
    else:
        event.add("dtstart", ical_time(start))
        event.add("dtend", ical_time(end))


def occurrence_component(
    occurrence,
    *,
    url="",
    sequence=0,
    for_participants=False,
    cancelled=False,
    attendee=None,
):
    """One VEVENT. ``cancelled`` forces STATUS:CANCELLED (a METHOD:CANCEL message);
    ``attendee`` (a Signup) adds ORGANIZER and ATTENDEE, as a scheduling message needs."""
    page = occurrence.page
    event = Event()
    event.add("uid", occurrence.ics_uid())
    stamp = last_change(page)
    event.add("dtstamp", stamp)
    _add_times(
        event,
        occurrence.start,
        occurrence.end,
        occurrence.all_day,
        occurrence.local_start.date(),
        occurrence.last_local_date,
    )
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
    event.add("status", "CANCELLED" if cancelled or occurrence.is_cancelled else "CONFIRMED")
    event.add("last-modified", stamp)
    if attendee is not None:
        event.add("organizer", _organizer(page))
        event.add("attendee", _attendee(attendee))
    return event


def removed_occurrence_component(page, data, *, sequence, attendee=None):
    """A METHOD:CANCEL VEVENT for a session deleted from the event (``data`` from the event's
    schedule snapshot: its UID and times)."""
    start = datetime.datetime.fromisoformat(data["start"])
    end = datetime.datetime.fromisoformat(data["end"])
    first_day = start.astimezone(STOCKHOLM).date()
    local_end = end.astimezone(STOCKHOLM)
    last_day = local_end.date()
    if last_day > first_day and local_end.time() == datetime.time(0, 0):
        last_day -= datetime.timedelta(days=1)
    event = Event()
    event.add("uid", data["uid"])
    stamp = last_change(page)
    event.add("dtstamp", stamp)
    _add_times(event, start, end, data.get("all_day"), first_day, max(first_day, last_day))
    event.add("summary", single_line(page.title))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED")
    if attendee is not None:
        event.add("organizer", _organizer(page))
        event.add("attendee", _attendee(attendee))
    return event


def new_calendar(name, *, method="PUBLISH", subscription=False):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", vText(single_line(name)))
    if subscription:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    calendar.add_component(Timezone.from_ical(VTIMEZONE))
    return calendar


def _fold(line):
    """One content line as bytes, folded as icalendar folds it: at most 74 octets a segment,
    never inside a UTF-8 character, and an escaping backslash (or ^) carried to the next segment
    with what it escapes."""
    data = line.encode()
    if len(data) <= 74:
        return data
    segments, start, size = [], 0, len(data)
    while size - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        segments.append(data[start:end])
        start = end
    segments.append(data[start:])
    return b"\r\n ".join(segments)


def _time_value(name, value):
    if not isinstance(value, datetime.datetime):
        return f"{name};VALUE=DATE:{value.year:04d}{value.month:02d}{value.day:02d}"
    text = (
        f"{value.year:04d}{value.month:02d}{value.day:02d}"
        f"T{value.hour:02d}{value.minute:02d}{value.second:02d}"
    )
    if value.utcoffset() == datetime.timedelta(0) and value.tzinfo is datetime.UTC:
        return f"{name}:{text}Z"
    return f"{name};TZID={TZID}:{text}"


def _page_lines(page, *, url, for_participants):
    """What every VEVENT of one event shares, written once per feed however many sessions it
    has: the title, the session ids in time order, and the folded lines that follow SEQUENCE."""
    stamp_text = last_change(page).strftime("%Y%m%dT%H%M%SZ")
    state = getattr(page, "ical_state", None)
    head = [f"DTSTAMP:{stamp_text}"]
    tail = []
    description = _description(page, url, for_participants)
    if description:
        tail.append("DESCRIPTION:" + _escape_char(description))
    tail.append("LAST-MODIFIED:" + stamp_text)
    location = _location(page)
    if location:
        tail.append("LOCATION:" + _escape_char(location))
    return {
        "title": single_line(page.title),
        "ids": [item.pk for item in page.occurrence_list],
        "dtstamp": _fold(head[0]),
        "sequence": f"SEQUENCE:{state.sequence if state else 0}".encode(),
        "tail": b"\r\n".join(_fold(line) for line in tail),
        "url": _fold("URL:" + url) if url else b"",
    }


def _event_lines(occurrence, shared):
    """The bytes of ``occurrence_component``'s VEVENT (without ORGANIZER/ATTENDEE), written
    directly in icalendar's order, escaping and folding: a feed of thousands of events spent most
    of its time in icalendar's per-property objects and character-by-character folding."""
    if occurrence.all_day:
        start = occurrence.local_start.date()
        end = occurrence.last_local_date + datetime.timedelta(days=1)
    else:
        start, end = ical_time(occurrence.start), ical_time(occurrence.end)
    title, ids = shared["title"], shared["ids"]
    if len(ids) > 1:
        number = ids.index(occurrence.pk) + 1 if occurrence.pk in ids else 1
        title = f"{title} ({number}/{len(ids)})"
    lines = [
        b"BEGIN:VEVENT",
        _fold("SUMMARY:" + _escape_char(title)),
        _fold(_time_value("DTSTART", start)),
        _fold(_time_value("DTEND", end)),
        shared["dtstamp"],
        _fold("UID:" + _escape_char(occurrence.ics_uid())),
        shared["sequence"],
        shared["tail"],
        b"STATUS:CANCELLED" if occurrence.is_cancelled else b"STATUS:CONFIRMED",
    ]
    if shared["url"]:
        lines.append(shared["url"])
    lines.append(b"END:VEVENT\r\n")
    return b"\r\n".join(lines)


def build_calendar(
    occurrences,
    *,
    name,
    url_for=None,
    for_participants=False,
    subscription=False,
    method="PUBLISH",
    attendee=None,
    removed=(),
):
    """Bytes of a VCALENDAR holding one VEVENT per occurrence; ``url_for(page)`` gives the
    absolute URL of an event page. ``for_participants``: the copy for a confirmed participant,
    with the online-meeting link even when it is not public. ``subscription``: a feed calendar
    programs poll (REFRESH-INTERVAL, X-PUBLISHED-TTL). ``method`` REQUEST or CANCEL makes a
    scheduling message to ``attendee`` (a Signup); ``removed`` are (page, snapshot data) of
    deleted sessions, cancelled in a METHOD:CANCEL message.

    A PUBLISH calendar (the feeds, one event's file) writes its VEVENTs directly, byte for byte
    what icalendar would write (tests/events/test_feed_speed_equivalence.py); the scheduling
    messages, one or two events with ORGANIZER and ATTENDEE, go through icalendar."""
    calendar = new_calendar(name, method=method, subscription=subscription)
    if method == "PUBLISH" and attendee is None and not removed:
        parts = [_head(calendar)]
        pages = {}
        for occurrence in occurrences:
            page = occurrence.page
            shared = pages.get(page.pk)
            if shared is None:
                shared = pages[page.pk] = _page_lines(
                    page, url=url_for(page) if url_for else "", for_participants=for_participants
                )
            parts.append(_event_lines(occurrence, shared))
        parts.append(b"END:VCALENDAR\r\n")
        return b"".join(parts)
    return _build_with_icalendar(
        calendar,
        occurrences,
        url_for=url_for,
        for_participants=for_participants,
        method=method,
        attendee=attendee,
        removed=removed,
    )


def _head(calendar):
    """The calendar's bytes up to its first VEVENT."""
    head = calendar.to_ical()
    assert head.endswith(b"END:VCALENDAR\r\n")
    return head[: -len(b"END:VCALENDAR\r\n")]


# Raise when the bytes an unchanged event writes change (this module, portal.text): the kept
# VEVENTs are keyed by what they are written from, not by the code that writes them.
EVENT_LINES_FORMAT = 1
EVENT_LINES_SECONDS = 7 * 24 * 60 * 60


def event_lines_key(page, url, for_participants=False):
    """The cache key of one event's VEVENTs: its id and a digest of everything they are written
    from (``page.fingerprint()``: its columns, sequence, last change, organiser's name and all its
    sessions), its URL and the copy asked for. Any change makes a new key; the old one expires."""
    digest = hashlib.sha256(
        repr((EVENT_LINES_FORMAT, for_participants, url, page.fingerprint())).encode()
    ).hexdigest()[:40]
    return f"events:vevent:{page.pk}:{digest}"


def event_lines(pages, *, url_for=None, for_participants=False):
    """``{occurrence id: VEVENT bytes}`` for every session of ``pages`` (events.queries.FeedPage),
    each byte for byte what ``build_calendar`` writes. Kept per event in the shared cache and read
    with one ``get_many``: after one event changes, a feed of thousands writes one event's lines."""
    wanted = {}
    for page in pages:
        url = url_for(page) if url_for else ""
        wanted[event_lines_key(page, url, for_participants)] = (page, url)
    found = cache.get_many(list(wanted)) if wanted else {}
    built = {}
    for key, (page, url) in wanted.items():
        if key not in found:
            shared = _page_lines(page, url=url, for_participants=for_participants)
            built[key] = {
                occurrence.pk: _event_lines(occurrence, shared)
                for occurrence in page.occurrence_list
            }
    if built:
        cache.set_many(built, EVENT_LINES_SECONDS)
    lines = {}
    for value in found.values():
        lines.update(value)
    for value in built.values():
        lines.update(value)
    return lines


def feed_calendar(occurrence_ids, pages, *, name, url_for=None, subscription=False):
    """The public feed's bytes, the same as ``build_calendar`` writes for those occurrences:
    ``occurrence_ids`` in the feed's order, ``pages`` their events as ``{id: FeedPage}`` with
    every session (events.queries.feed_rows)."""
    lines = event_lines(pages.values(), url_for=url_for)
    parts = [_head(new_calendar(name, subscription=subscription))]
    parts.extend(lines[pk] for pk in occurrence_ids)
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


def _build_with_icalendar(
    calendar, occurrences, *, url_for, for_participants, method, attendee, removed
):
    for occurrence in occurrences:
        state = getattr(occurrence.page, "ical_state", None)
        calendar.add_component(
            occurrence_component(
                occurrence,
                url=url_for(occurrence.page) if url_for else "",
                sequence=state.sequence if state else 0,
                for_participants=for_participants,
                cancelled=method == "CANCEL",
                attendee=attendee,
            )
        )
    for page, data in removed:
        state = getattr(page, "ical_state", None)
        calendar.add_component(
            removed_occurrence_component(
                page, data, sequence=state.sequence if state else 0, attendee=attendee
            )
        )
    return calendar.to_ical()
