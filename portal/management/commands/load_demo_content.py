from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from portal.demo import DemoContext, finish
from portal.registry import DEMO_APPS


class Command(BaseCommand):
    help = (
        "Build the demo site: pages, agreements, organisations, events and search index. "
        "Safe to run again: only what is missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, quiet_logins=False, **options):
        ctx = DemoContext(self.stdout, self.style)
        # The search loader rebuilds the index once at the end, so indexing each object as
        # it is saved would only repeat that work.
        with transaction.atomic(), override_settings(SEARCH_AUTO_UPDATE=False):
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo") is None:
                    continue
                self.stdout.write(f"Demo content: {app} …")
                import_module(f"{app}.demo").load(ctx)
            finish(ctx)
        self.stdout.write(self.style.SUCCESS(f"Done: {ctx.created} new objects."))
        if ctx.credentials and not quiet_logins:
            self.stdout.write("\nLogins for local use only (passwords derived from SECRET_KEY):")
            for role, email, password in ctx.credentials:
                self.stdout.write(f"  {role:<40} {email:<45} {password}")
