"""Weekly digest to staff who opted in. Schedule it weekly (e.g. Monday 07:00):

    python manage.py send_overview_digest

Safe to run twice: a user gets at most one digest per ISO week.
"""

from django.core.management.base import BaseCommand

from portal.overview_digest import send_weekly_digests


class Command(BaseCommand):
    help = "Send the weekly overview digest (what waits, gaps) to staff who opted in."

    def handle(self, *args, **options):
        sent, skipped = send_weekly_digests()
        self.stdout.write(f"Digests sent: {sent}; already sent this week: {skipped}.")
