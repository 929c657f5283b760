"""E-mail a reminder to everyone with a confirmed place the day before their event starts.

Safe to run from cron several times a day: each sign-up is reminded once (reminder_sent_at).
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.emails import send_reminder
from events.models import EventOccurrence, Signup
from events.models.event import STOCKHOLM


class Command(BaseCommand):
    help = "Send reminders for events starting tomorrow (Swedish time); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = (
            datetime.date.fromisoformat(options["date"])
            if options.get("date")
            else timezone.localdate(timezone=STOCKHOLM)
        )
        tomorrow = today + datetime.timedelta(days=1)
        start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=STOCKHOLM)
        end = start + datetime.timedelta(days=1)
        event_ids = (
            EventOccurrence.objects.filter(
                start__gte=start,
                start__lt=end,
                cancelled=False,
                page__live=True,
                page__status="scheduled",
            )
            .values_list("page_id", flat=True)
            .distinct()
        )
        signups = (
            Signup.objects.confirmed()
            .filter(event_id__in=list(event_ids), reminder_sent_at__isnull=True)
            .exclude(email="")
            .select_related("event", "event__ical_state")
            .prefetch_related("event__occurrences")
        )
        sent = 0
        for signup in signups:
            with transaction.atomic():
                # claim the row first so a parallel run cannot send the same reminder
                claimed = Signup.objects.filter(pk=signup.pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=timezone.now()
                )
                if not claimed:
                    continue
                send_reminder(signup)
            sent += 1
        self.stdout.write(f"Sent {sent} reminders for {tomorrow.isoformat()}.")
