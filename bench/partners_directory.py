"""Directory benchmark: /foreningar/ with 10,000 verified organisations (20,000 activities)
against the bare Django view, both through gunicorn.

    createdb -h 127.0.0.1 -U postgres partners_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partners_bench \\
        .venv/bin/python bench/partners_directory.py [--count 10000] [--requests 300]

Migrates the database, builds the volume data (build_partner_volume, repeatable) and times
the organisation list unfiltered and filtered, the activity list, and one organisation page.
Database connections persist (DATABASE_CONN_MAX_AGE=60 unless set), as in production.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, compare, gunicorn, machine  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    # Persistent connections, as in production; without them every request pays for a new
    # PostgreSQL connection, which the bare peer view never opens.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    for command in (
        ["migrate", "--noinput"],
        ["build_partner_volume", "--count", str(args.count), "--seed", str(args.seed)],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print("Machine:", machine())
    with gunicorn() as base:
        bare = f"{base}/__bench__/bare/"
        compare("partners_directory", f"{base}/foreningar/", bare, args.requests)
        compare(
            "partners_directory_filtered",
            f"{base}/foreningar/?lan=dalarna&sprak=ar&sida=2",
            bare,
            args.requests,
        )
        compare("partners_activities", f"{base}/foreningar/aktiviteter/", bare, args.requests)
        compare("partners_organisation", f"{base}/foreningar/volym-42/", bare, args.requests)


if __name__ == "__main__":
    main()
