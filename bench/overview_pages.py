"""Overview benchmark: /kommuner/<slug>/ and /lan/<slug>/ at volume (10,000 organisations,
5,000 events, 1,000 agreements) against the bare Django view, both through gunicorn.

    createdb -h 127.0.0.1 -U postgres overview_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/overview_bench \\
        .venv/bin/python bench/overview_pages.py [--requests 300]

Migrates the database, loads the site core, agreements, directory and calendar demo content,
adds the apps' volume data (each command repeatable), then times Leksand, Rättvik, Dalarna
(sorted by quota, too) and Blekinge. Database connections persist, as in production. The
issue's target: under 50 ms median. The anonymous page cache (portal.page_cache) serves repeat
visits; run with PAGE_CACHE_SECONDS=0 to time the render itself. The render reads the sections,
gaps and county table that an earlier render kept (portal.overview.Fragments); add ``--cold`` to
render those from the database on every request too (bench/overview_settings.py).
Use ``REDIS_URL`` for the shared cache as in production; without it the cache is a table in the
same database.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, compare, gunicorn, machine  # noqa: E402

LOAD_DEMO = (
    "import io; from django.core.management.color import no_style; "
    "import portal.demo, agreements.demo, partners.demo, events.demo; "
    "ctx = portal.demo.DemoContext(io.StringIO(), no_style()); "
    "[m.load(ctx) for m in (portal.demo, agreements.demo, partners.demo, events.demo)]"
)

ANALYZE = (
    "from django.db import connection; "
    "connection.vendor == 'postgresql' and connection.cursor().execute('ANALYZE')"
)

PAGES = [
    ("overview_municipality_leksand", "/kommuner/leksand/"),
    ("overview_municipality_rattvik", "/kommuner/rattvik/"),
    ("overview_county_dalarna", "/lan/dalarna/"),
    ("overview_county_dalarna_sorted", "/lan/dalarna/?sortera=-kommuntal"),
    ("overview_county_blekinge", "/lan/blekinge/"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--agreements", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-data", action="store_true", help="Reuse the database as it is.")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="Keep no rendered parts: every section from the database.",
    )
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    seed = ["--seed", str(args.seed)]
    commands = [
        ["migrate", "--noinput"],
        ["shell", "-c", LOAD_DEMO],
        ["agreements_volume_data", "--count", str(args.agreements), *seed],
        ["build_partner_volume", "--count", str(args.organisations), *seed],
        ["events_volume_data", "--count", str(args.events), *seed],
        # fresh statistics: right after a bulk load the planner guesses row counts badly
        ["shell", "-c", ANALYZE],
    ]
    for command in [] if args.skip_data else commands:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print("Machine:", machine())
    server_env = {"DJANGO_SETTINGS_MODULE": "bench.overview_settings"} if args.cold else {}
    print(
        "Page cache:",
        os.environ.get("PAGE_CACHE_SECONDS", "default"),
        "| parts kept:",
        not args.cold,
    )
    with gunicorn(env=server_env) as base:
        bare = f"{base}/__bench__/bare/"
        for name, path in PAGES:
            compare(name, base + path, bare, args.requests)


if __name__ == "__main__":
    main()
