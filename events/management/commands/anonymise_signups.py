"""Erase the personal data of sign-ups a number of days after their event has ended."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone

from events.app_settings import anonymise_after_days
from events.models import Signup


class Command(BaseCommand):
    help = "Anonymise sign-ups of events that ended more than N days ago (default from settings)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override EVENTS_ANONYMISE_AFTER_DAYS.")
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else anonymise_after_days()
        if days < 0:
            raise CommandError("--days must be zero or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        candidates = (
            Signup.objects.filter(anonymised_at__isnull=True)
            .annotate(last_end=Max("event__occurrences__end"))
            .filter(last_end__lt=cutoff)
        )
        ids = list(candidates.values_list("pk", flat=True))
        if options["dry_run"]:
            self.stdout.write(f"{len(ids)} sign-ups would be anonymised (older than {days} days).")
            return
        now = timezone.now()
        for signup in Signup.objects.filter(pk__in=ids).iterator(chunk_size=500):
            signup.anonymise(now)
        self.stdout.write(
            f"Anonymised {len(ids)} sign-ups of events that ended over {days} days ago."
        )
