"""E-mails to people who signed up; sent as background tasks so a request never waits."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from django_tasks import task

from .ics import build_calendar
from .models import EventPage, Signup

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmed": "Bekräftelse: {title}",
    "waiting": "Väntelista: {title}",
    "promoted": "Du har fått en plats: {title}",
    "cancelled": "Avbokad: {title}",
    "reminder": "Påminnelse: {title} i morgon",
}


def event_url(event):
    return event.get_full_url() or ""


def _message(signup, kind, url):
    event = signup.event
    context = {
        "signup": signup,
        "event": event,
        "kind": kind,
        "event_url": url,
        "cancel_url": f"{url}avboka/{signup.cancel_token()}/" if url else "",
        "occurrences": event.occurrence_list,
    }
    with translation.override("sv"):
        body = render_to_string("events/email/signup.txt", context)
    message = EmailMessage(
        subject=SUBJECTS[kind].format(title=event.title),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[signup.email],
    )
    if kind in ("confirmed", "promoted", "reminder"):
        message.attach(
            "evenemang.ics",
            build_calendar(event.occurrence_list, name=event.title, url_for=lambda page: url),
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
            subject=subject,
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
