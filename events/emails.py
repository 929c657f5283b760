"""E-mails to people who signed up; sent as background tasks so a request never waits.

Links point at ``PORTAL_BASE_URL`` (``portal.emails.absolute_url``): neither the request's Host
header nor the Wagtail Site record decides where a link in an e-mail goes."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from django_tasks import task

from portal.emails import absolute_url, subject_line

from .ics import build_calendar
from .models import EventPage, Signup
from .models.event import STOCKHOLM

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmed": "Bekräftelse: {title}",
    "waiting": "Väntelista: {title}",
    "promoted": "Du har fått en plats: {title}",
    "cancelled": "Avbokad: {title}",
    "reminder": "Påminnelse: {title} i morgon",
    "already": "Du är redan anmäld: {title}",
}
WITH_CALENDAR_FILE = ("confirmed", "promoted", "reminder")


def event_url(event):
    """The event page on the portal's public base URL, or "" if the page has no URL."""
    parts = event.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


def _message(signup, kind, url, occurrence=None):
    event = signup.event
    context = {
        "session": occurrence,
        "session_position": occurrence.position() if occurrence is not None else None,
        "signup": signup,
        "event": event,
        "kind": kind,
        "event_url": url,
        "cancel_url": f"{url}avboka/{signup.cancel_token()}/" if url else "",
        "occurrences": event.occurrence_list,
        "answers": list(signup.answers.all()) if kind != "cancelled" else [],
        # the meeting link is for people with a place, whatever the public page shows
        "online_url": event.online_url if signup.status == Signup.Status.CONFIRMED else "",
    }
    with translation.override("sv"):
        body = render_to_string("events/email/signup.txt", context)
    message = EmailMessage(
        subject=subject_line(SUBJECTS[kind].format(title=event.title)),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[signup.email],
    )
    confirmed = signup.status == Signup.Status.CONFIRMED
    if kind in WITH_CALENDAR_FILE or (kind == "already" and confirmed):
        message.attach(
            "evenemang.ics",
            build_calendar(
                event.occurrence_list,
                name=event.title,
                url_for=lambda page: url,
                for_participants=confirmed,
            ),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    return message


@task()
def send_signup_email(signup_id, kind):
    signup = (
        Signup.objects.select_related("event", "event__ical_state")
        .prefetch_related("event__occurrences")
        .filter(pk=signup_id)
        .first()
    )
    if signup is None or not signup.email:
        return 0
    return _message(signup, kind, event_url(signup.event)).send()


@task()
def send_already_signed_up_email(signup_id):
    """Someone signed up with an address that already has a place: its owner hears about it,
    with the cancel link; the person at the form is told nothing more than for a new sign-up."""
    return send_signup_email.call(signup_id, "already")


def send_reminder(signup, occurrence=None):
    """Sent synchronously by the cron command, which records the reminder first. ``occurrence``
    is the session of tomorrow (a course reminds of each session)."""
    return _message(signup, "reminder", event_url(signup.event), occurrence=occurrence).send()


@task()
def send_message_to_participants(event_id, subject, body, sender_email=""):
    """Staff's message to everyone with a confirmed place, one e-mail each (no shared To:)."""
    event = EventPage.objects.get(pk=event_id)
    recipients = list(event.signups.confirmed().exclude(email="").values_list("email", flat=True))
    reply_to = [sender_email] if sender_email else None
    messages = [
        EmailMessage(
            subject=subject_line(subject),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            reply_to=reply_to,
        )
        for address in recipients
    ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) if messages else 0
    logger.info("Sent %s messages to participants of event %s", sent, event_id)
    return sent


# --- changes to an event: moved, cancelled, a new place or link ------------------------------


def describe_changes(old, new):
    """What changed between two schedule snapshots (EventPage.schedule_snapshot), as JSON-safe
    values for the background task; ``notify`` says whether participants must hear of it (a
    new title alone is a change for calendar programs, not news for a participant)."""
    old_occurrences, new_occurrences = old.get("occurrences", {}), new.get("occurrences", {})
    moved, newly_cancelled, added = [], [], []
    for key, now in new_occurrences.items():
        before = old_occurrences.get(key)
        if before is None:
            added.append(key)
            continue
        if (before["start"], before["end"], before["all_day"]) != (
            now["start"],
            now["end"],
            now["all_day"],
        ):
            moved.append({"id": key, "start": before["start"], "end": before["end"]})
        if now["cancelled"] and not before["cancelled"]:
            newly_cancelled.append(key)
    removed = [data for key, data in old_occurrences.items() if key not in new_occurrences]
    change = {
        "event_cancelled": new.get("status") == "cancelled" and old.get("status") != "cancelled",
        "reinstated": old.get("status") == "cancelled" and new.get("status") != "cancelled",
        "moved": moved,
        "cancelled_sessions": newly_cancelled,
        "added": added,
        "removed": removed,
        "place": (old.get("venue"), old.get("address")) != (new.get("venue"), new.get("address")),
        "link": old.get("online_url", "") != new.get("online_url", ""),
        "unknown": False,
    }
    change["notify"] = any(
        change[key]
        for key in (
            "event_cancelled",
            "reinstated",
            "moved",
            "cancelled_sessions",
            "added",
            "removed",
            "place",
            "link",
        )
    )
    return change


def unknown_change():
    """A change recorded before snapshots were kept: we know that, not what."""
    change = describe_changes({}, {})
    change.update(unknown=True, notify=True)
    return change


def _change_context(event, change):
    occurrences = {str(occurrence.pk): occurrence for occurrence in event.occurrence_list}

    def local(iso):
        return datetime.datetime.fromisoformat(iso).astimezone(STOCKHOLM)

    moved = [
        {"before": local(item["start"]), "occurrence": occurrences[item["id"]]}
        for item in change["moved"]
        if item["id"] in occurrences
    ]
    return {
        "change": change,
        "moved": moved,
        "cancelled_sessions": [
            occurrences[key] for key in change["cancelled_sessions"] if key in occurrences
        ],
        "added": [occurrences[key] for key in change["added"] if key in occurrences],
        "removed": [local(data["start"]) for data in change["removed"]],
    }


def _change_message(signup, change, url):
    event = signup.event
    confirmed = signup.status == Signup.Status.CONFIRMED
    context = {
        "signup": signup,
        "event": event,
        "event_url": url,
        "cancel_url": f"{url}avboka/{signup.cancel_token()}/" if url else "",
        "occurrences": event.occurrence_list,
        "online_url": event.online_url if confirmed else "",
        **_change_context(event, change),
    }
    with translation.override("sv"):
        body = render_to_string("events/email/change.txt", context)
    subject = CHANGE_SUBJECTS["cancelled" if event.is_cancelled else "changed"]
    message = EmailMessage(
        subject=subject_line(subject.format(title=event.title)),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[signup.email],
    )
    if not confirmed:
        return message  # the waiting list never had the event in its calendars
    removed = [(event, data) for data in change["removed"]]
    if event.is_cancelled:
        cancel, request = event.occurrence_list, []
    else:
        cancel = [occurrence for occurrence in event.occurrence_list if occurrence.cancelled]
        request = event.held_sessions
    if request:
        message.attach(
            "evenemang.ics",
            build_calendar(
                request,
                name=event.title,
                url_for=lambda page: url,
                for_participants=True,
                method="REQUEST",
                attendee=signup,
            ),
            "text/calendar; charset=utf-8; method=REQUEST",
        )
    if cancel or removed:
        message.attach(
            "installt.ics",
            build_calendar(
                cancel,
                name=event.title,
                url_for=lambda page: url,
                method="CANCEL",
                attendee=signup,
                removed=removed,
            ),
            "text/calendar; charset=utf-8; method=CANCEL",
        )
    return message


CHANGE_SUBJECTS = {"changed": "Ändrat: {title}", "cancelled": "Inställt: {title}"}


@task()
def send_change_emails(event_id, change):
    """Everyone with a confirmed place or on the waiting list hears what changed; a confirmed
    participant gets the updated calendar file (same UID, higher SEQUENCE) to replace the one
    mailed before, METHOD:CANCEL for cancelled sessions."""
    event = (
        EventPage.objects.select_related("ical_state")
        .prefetch_related("occurrences")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    url = event_url(event)
    signups = list(event.signups.active().exclude(email="").order_by("created_at", "pk"))
    for signup in signups:
        signup.event = event  # one event, prefetched once
    messages = [_change_message(signup, change, url) for signup in signups]
    with get_connection() as connection:
        sent = connection.send_messages(messages) if messages else 0
    logger.info("Told %s participants of event %s about a change", sent, event_id)
    return sent
