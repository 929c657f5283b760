"""E-mails to people who signed up; sent as background tasks so a request never waits.

Links point at ``PORTAL_BASE_URL`` (``portal.emails.absolute_url``): neither the request's Host
header nor the Wagtail Site record decides where a link in an e-mail goes."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from django_tasks import task

from portal.emails import absolute_url, subject_line

from .ics import build_calendar
from .models import EventPage, Signup

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


def _message(signup, kind, url):
    event = signup.event
    context = {
        "signup": signup,
        "event": event,
        "kind": kind,
        "event_url": url,
        "cancel_url": f"{url}avboka/{signup.cancel_token()}/" if url else "",
        "occurrences": event.occurrence_list,
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


def send_reminder(signup):
    """Sent synchronously by the cron command, which records ``reminder_sent_at`` after."""
    return _message(signup, "reminder", event_url(signup.event)).send()


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
