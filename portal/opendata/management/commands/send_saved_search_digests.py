"""Send the daily and weekly e-mails of saved searches ("Bevaka"); run it from cron, e.g.
every hour. Safe to run twice: an item is never sent twice to the same saved search.
Also deletes saved searches not confirmed within 7 days."""

import time

from django.core.management.base import BaseCommand

from portal.opendata.alerts import send_digests


class Command(BaseCommand):
    help = "Send what is new for every due saved search, and delete unconfirmed ones."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{total} saved searches")

        emails, items = send_digests(progress=progress)
        self.stdout.write(
            f"Sent {emails} e-mails with {items} items in {time.perf_counter() - started:.1f} s."
        )
