"""E-mail a reminder to everyone with a confirmed place the day before each session.

Each session of a course gets its own reminder (an OccurrenceReminder per sign-up and session),
so the command is safe to run from cron several times a day, and two runs at once send each
reminder once: the record is claimed (a unique row) before the e-mail goes.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.emails import send_reminder
from events.models import EventOccurrence, OccurrenceReminder, Signup
from events.models.event import STOCKHOLM


class Command(BaseCommand):
    help = "Send reminders for sessions starting tomorrow (Swedish time); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            today = (
                datetime.date.fromisoformat(options["date"])
                if options.get("date")
                else timezone.localdate(timezone=STOCKHOLM)
            )
        except ValueError:
            raise CommandError("--date must be a date in the form YYYY-MM-DD.") from None
        tomorrow = today + datetime.timedelta(days=1)
        start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=STOCKHOLM)
        end = datetime.datetime.combine(
            tomorrow + datetime.timedelta(days=1), datetime.time.min, tzinfo=STOCKHOLM
        )
        occurrences = list(
            EventOccurrence.objects.filter(
                start__gte=start,
                start__lt=end,
                cancelled=False,
                page__live=True,
                page__status="scheduled",
            )
            .select_related("page", "page__ical_state")
            .prefetch_related("page__occurrences")
            .order_by("start", "pk")
        )
        sent = 0
        for occurrence in occurrences:
            signups = (
                Signup.objects.confirmed()
                .filter(event_id=occurrence.page_id)
                .exclude(email="")
                .exclude(reminders__occurrence=occurrence)
            )
            for signup in signups:
                signup.event = occurrence.page
                try:
                    with transaction.atomic():
                        # claim first, so a parallel run cannot send the same reminder; a failed
                        # e-mail rolls the claim back and the next run tries again
                        OccurrenceReminder.objects.create(signup=signup, occurrence=occurrence)
                        Signup.objects.filter(pk=signup.pk).update(reminder_sent_at=timezone.now())
                        send_reminder(signup, occurrence)
                except IntegrityError:
                    continue
                sent += 1
        self.stdout.write(f"Sent {sent} reminders for {tomorrow.isoformat()}.")
