"""Calendar benchmark: the upcoming list, a month grid and the ICS feed with 5,000 events,
each against the bare Django view, all through gunicorn.

    createdb -h 127.0.0.1 -U postgres events_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/events_bench \\
        .venv/bin/python bench/events_calendar.py [--count 5000] [--requests 200]

Migrates the database, loads the demo content and then volume events
(``manage.py events_volume_data --count N --seed 1``, safe to re-run), then ANALYZE.
Set PAGE_CACHE_SECONDS=0 to time the views themselves rather than the page cache.
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, compare, gunicorn, machine  # noqa: E402


def manage(*command, env):
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    manage("migrate", "--noinput", env=env)
    manage("load_demo_content", "--quiet-logins", env=env)
    seconds = manage("events_volume_data", "--count", str(args.count), "--seed", "1", env=env)
    print(f"Volume data: {args.count} events ready in {seconds:.1f} s")
    # fresh planner statistics, as autovacuum keeps them in production
    manage(
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
        env=env,
    )
    print("Machine:", machine())
    month = datetime.date.today() + datetime.timedelta(days=40)
    with gunicorn() as base:
        bare = f"{base}/__bench__/bare/"
        compare("events_calendar_list", f"{base}/kalender/", bare, args.requests)
        compare(
            "events_calendar_list_filtered",
            f"{base}/kalender/?lan=dalarna&form=plats",
            bare,
            args.requests,
        )
        compare(
            "events_calendar_month",
            f"{base}/kalender/manad/{month.year}/{month.month}/",
            bare,
            args.requests,
        )
        compare("events_calendar_archive", f"{base}/kalender/arkiv/", bare, args.requests)
        compare("events_feed", f"{base}/kalender/kalender.ics", bare, max(20, args.requests // 10))
        compare(
            "events_feed_filtered",
            f"{base}/kalender/kalender.ics?kommun=leksand",
            bare,
            args.requests,
        )


if __name__ == "__main__":
    main()
