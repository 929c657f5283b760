"""makemessages that files each app's strings, templates included, under that app's locale/.

Templates live in the top-level templates/<app>/ folder (house style), which plain
makemessages would file under the project's locale/. Keeping one .po per app lets the apps'
translations be edited side by side without touching each other.
"""

import os

from django.conf import settings
from django.core.management.commands import makemessages

# Template folders that belong to an app other than the one named like them.
TEMPLATE_OWNERS = {"account": "partners", "mina_sidor": "partners", "allauth": "partners"}
APPS = ("agreements", "partners", "events", "search")


class Command(makemessages.Command):
    help = "Extract messages into <app>/locale for each app and locale/ for the site core."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--app", choices=[*APPS, "portal"], help="Only this app's messages (portal: the core)."
        )

    def handle(self, *args, **options):
        self.only_app = options.pop("app", None)
        if not options.get("locale") and not options.get("all"):
            options["locale"] = ["sv"]
        options["ignore_patterns"] = [
            *options.get("ignore_patterns", []),
            ".venv",
            "node_modules",
            "static_collected",
            "media",
            "bench",
            "tests",
        ]
        options.setdefault("no_obsolete", True)
        options["no_obsolete"] = True
        return super().handle(*args, **options)

    def owner(self, dirpath):
        parts = os.path.relpath(os.path.abspath(dirpath), settings.BASE_DIR).split(os.sep)
        if parts[0] in APPS:
            return parts[0]
        if parts[0] == "templates" and len(parts) > 1:
            app = TEMPLATE_OWNERS.get(parts[1], parts[1])
            if app in APPS:
                return app
        return None

    def find_files(self, root):
        files = super().find_files(root)
        core_locale = str(settings.BASE_DIR / "locale")
        kept = []
        for translatable in files:
            app = self.owner(translatable.dirpath)
            if self.only_app and (app or "portal") != self.only_app:
                continue
            kept.append(translatable)
            locale_dir = str(settings.BASE_DIR / app / "locale") if app else core_locale
            os.makedirs(locale_dir, exist_ok=True)
            translatable.locale_dir = locale_dir
            if locale_dir not in self.locale_paths:
                self.locale_paths.append(locale_dir)
        return kept
