"""Participants hear of every change: a moved session, a new place, a cancelled session or a
cancelled event reaches everyone confirmed or waiting, once, with a calendar file that replaces
the one they were sent (same UID, higher SEQUENCE, REQUEST or CANCEL). Reminders come before
each session of a course."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from events.factories import SignupFactory, make_event
from events.models import Signup
from events.models.event import STOCKHOLM

from .ics_parser import events, parse, prop


def ics_of(message, filename):
    for name, content, mimetype in message.attachments:
        if name == filename:
            return parse(content if isinstance(content, bytes) else content.encode()), mimetype
    return None, None


@pytest.fixture
def course(calendar, future):
    page = make_event(
        calendar,
        future(20, hour=9),
        sessions=2,
        title="Samhällsorientering i praktiken",
        slug="so-kurs",
        signup_enabled=True,
        capacity=1,
        publish=True,
    )
    confirmed = SignupFactory(event=page, name="Karin", email="karin@example.se")
    waiting = SignupFactory(event=page, name="Omar", email="omar@example.se", status="waiting")
    SignupFactory(event=page, email="gone@example.se", status="cancelled")
    mail.outbox.clear()
    return page, confirmed, waiting


def publish(page, change):
    draft = page.get_latest_revision_as_object()
    change(draft)
    draft.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.mark.django_db
def test_moving_a_session_tells_confirmed_and_waiting_with_an_updated_ics(course):
    page, confirmed, waiting = course
    first, second = page.occurrence_list
    old_start = second.local_start

    def move(draft):
        sessions = list(draft.occurrences.all())
        for session in sessions:
            if session.pk == second.pk:
                session.start += datetime.timedelta(days=1, hours=4)
                session.end += datetime.timedelta(days=1, hours=4)
        draft.occurrences = sessions

    page = publish(page, move)
    assert sorted(m.to[0] for m in mail.outbox) == ["karin@example.se", "omar@example.se"]
    to_karin = next(m for m in mail.outbox if m.to == ["karin@example.se"])
    assert to_karin.subject.endswith("Ändrat: Samhällsorientering i praktiken")
    assert f"{old_start:%H:%M}" in to_karin.body and "flyttats" in to_karin.body
    cal, mimetype = ics_of(to_karin, "evenemang.ics")
    assert "method=REQUEST" in mimetype
    assert prop(cal, "METHOD")[2] == "REQUEST"
    vevents = {prop(e, "UID")[2]: e for e in events(cal)}
    assert set(vevents) == {first.ics_uid(), second.ics_uid()}  # same UIDs as before
    moved = vevents[second.ics_uid()]
    assert prop(moved, "SEQUENCE")[2] == "1"
    new_start = (second.start + datetime.timedelta(days=1, hours=4)).astimezone(STOCKHOLM)
    assert prop(moved, "DTSTART")[2] == new_start.strftime("%Y%m%dT%H%M%S")
    assert prop(moved, "ATTENDEE")[2] == "mailto:karin@example.se"
    assert prop(moved, "ORGANIZER")[2].startswith("mailto:")
    # the waiting list is told, but gets no calendar entry for a place it does not have
    to_omar = next(m for m in mail.outbox if m.to == ["omar@example.se"])
    assert "väntelistan" in to_omar.body and not to_omar.attachments
    # the public feed has the same SEQUENCE
    assert page.ical_state.sequence == 1


@pytest.mark.django_db
def test_publishing_again_without_a_change_sends_nothing(course):
    page, _confirmed, _waiting = course

    def new_place(draft):
        draft.venue = "Folkets hus"
        draft.address = "Storgatan 1, Rättvik"

    page = publish(page, new_place)
    assert len(mail.outbox) == 2
    assert "Folkets hus" in mail.outbox[0].body
    mail.outbox.clear()
    page = publish(page, lambda draft: None)
    page = publish(page, lambda draft: setattr(draft, "summary", "Bara en ny sammanfattning."))
    assert mail.outbox == []
    assert page.ical_state.sequence == 1


@pytest.mark.django_db
def test_cancelling_the_event_sends_method_cancel(course, client):
    page, _confirmed, _waiting = course

    def cancel(draft):
        draft.status = "cancelled"
        draft.cancellation_note = "Föreläsaren är sjuk."

    page = publish(page, cancel)
    to_karin = next(m for m in mail.outbox if m.to == ["karin@example.se"])
    assert to_karin.subject.endswith("Inställt: Samhällsorientering i praktiken")
    assert "Föreläsaren är sjuk." in to_karin.body
    assert "avboka" not in to_karin.body
    cal, mimetype = ics_of(to_karin, "installt.ics")
    assert "method=CANCEL" in mimetype and prop(cal, "METHOD")[2] == "CANCEL"
    assert {prop(e, "STATUS")[2] for e in events(cal)} == {"CANCELLED"}
    assert {prop(e, "SEQUENCE")[2] for e in events(cal)} == {"1"}
    assert {prop(e, "UID")[2] for e in events(cal)} == {o.ics_uid() for o in page.occurrence_list}
    assert ics_of(to_karin, "evenemang.ics") == (None, None)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_cancelling_or_removing_one_session_cancels_just_that_one(course):
    page, _confirmed, _waiting = course
    first, second = page.occurrence_list

    def cancel_second(draft):
        sessions = list(draft.occurrences.all())
        for session in sessions:
            if session.pk == second.pk:
                session.cancelled = True
        draft.occurrences = sessions

    page = publish(page, cancel_second)
    to_karin = next(m for m in mail.outbox if m.to == ["karin@example.se"])
    request, _mimetype = ics_of(to_karin, "evenemang.ics")
    cancel, _mimetype = ics_of(to_karin, "installt.ics")
    assert [prop(e, "UID")[2] for e in events(request)] == [first.ics_uid()]
    assert [prop(e, "UID")[2] for e in events(cancel)] == [second.ics_uid()]
    assert prop(events(cancel)[0], "STATUS")[2] == "CANCELLED"
    assert "inställt" in to_karin.body.lower()
    mail.outbox.clear()

    def remove_first(draft):
        draft.occurrences = [o for o in draft.occurrences.all() if o.pk != first.pk]

    page = publish(page, remove_first)
    to_karin = next(m for m in mail.outbox if m.to == ["karin@example.se"])
    cancel, _mimetype = ics_of(to_karin, "installt.ics")
    uids = {prop(e, "UID")[2] for e in events(cancel)}
    assert first.ics_uid() in uids
    assert {prop(e, "SEQUENCE")[2] for e in events(cancel)} == {"2"}


@pytest.mark.django_db
def test_a_new_title_alone_updates_calendars_but_mails_nobody(course, client):
    page, _confirmed, _waiting = course
    page = publish(page, lambda draft: setattr(draft, "title", "SO i praktiken"))
    assert mail.outbox == []
    vevent = events(parse(client.get("/kalender/so-kurs/ics/").content))[0]
    assert prop(vevent, "SEQUENCE")[2] == "1"


# --- reminders per session -----------------------------------------------------------------


@pytest.mark.django_db
def test_each_session_of_a_course_gets_its_own_reminder_once(calendar):
    today = timezone.localdate()
    first_day = today + datetime.timedelta(days=1)
    page = make_event(
        calendar,
        datetime.datetime.combine(first_day, datetime.time(10), tzinfo=STOCKHOLM),
        sessions=2,
        slug="kurs",
        title="Kurs i två delar",
        signup_enabled=True,
    )
    SignupFactory(event=page, email="a@example.se")
    SignupFactory(event=page, email="b@example.se", status="waiting")
    call_command("send_event_reminders", stdout=io.StringIO())
    call_command("send_event_reminders", stdout=io.StringIO())  # safe to run twice
    assert [m.to for m in mail.outbox] == [["a@example.se"]]
    assert "del 1 av 2" in mail.outbox[0].body
    # a week later, the day before the second session
    week_later = (first_day + datetime.timedelta(days=6)).isoformat()
    call_command("send_event_reminders", "--date", week_later, stdout=io.StringIO())
    call_command("send_event_reminders", "--date", week_later, stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["a@example.se"], ["a@example.se"]]
    assert "del 2 av 2" in mail.outbox[1].body
    assert Signup.objects.get(email="a@example.se").reminders.count() == 2
