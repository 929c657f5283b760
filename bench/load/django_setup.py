"""Set up Django for the load test's own scripts (same settings, database and Redis as the
server under test)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")
    import django

    django.setup()
