"""Rebuild the public search index, or replay the changes that failed earlier.

    manage.py search_reindex              # everything, every backend, chunk by chunk
    manage.py search_reindex --only page  # one kind of source
    manage.py search_reindex --pending    # only replay PendingIndexChange rows

Safe to re-run: sources are replaced, not added twice, and what no longer exists is removed.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.backends import get_backend
from search.indexing import backend_names, replay_pending
from search.page_tags import everything_written


class Command(BaseCommand):
    help = "Rebuild the public search index (with progress), or replay pending changes."

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true", help="Only replay queued changes.")
        parser.add_argument("--backend", help="Only this backend (database, elasticsearch).")
        parser.add_argument(
            "--only", action="append", help="Only sources with this prefix (page, document, …)."
        )

    def handle(self, *args, **options):
        names = [options["backend"]] if options["backend"] else backend_names()
        if options["pending"]:
            total = 0
            for name in names:
                total += replay_pending(name)
            everything_written()
            self.stdout.write(self.style.SUCCESS(f"Replayed {total} pending changes."))
            return
        prefixes = options["only"] or None
        known = {s.prefix for s in registry.sources()}
        if prefixes and not set(prefixes) <= known:
            raise CommandError(f"Unknown source; choose from: {', '.join(sorted(known))}")
        expected = sum(
            s.count() for s in registry.sources() if not prefixes or s.prefix in prefixes
        )
        for name in names:
            backend = get_backend(name)
            started = time.monotonic()
            self.stdout.write(f"{name}: indexing about {expected} objects")

            def progress(count, _started=started):
                self._bar(count, expected, _started)

            if prefixes:
                count = backend.index(registry.all_documents(prefixes))
            else:
                count = backend.rebuild(registry.all_documents(), progress=progress)
            seconds = time.monotonic() - started
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{name}: {count} documents from {expected} objects in {seconds:.1f} s"
                )
            )
            replayed = replay_pending(name)
            if replayed:
                self.stdout.write(f"{name}: replayed {replayed} pending changes")
        everything_written()  # kept search pages (whichever backend answers them) start afresh

    def _bar(self, count, expected, started):
        width = 30
        share = min(1.0, count / expected) if expected else 1.0
        filled = int(share * width)
        rate = count / max(time.monotonic() - started, 1e-6)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {count} documents ({rate:.0f}/s)"
        self.stdout.write(line, ending="")
        self.stdout.flush()
