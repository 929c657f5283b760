"""Agreements benchmark: /overenskommelser/ with 1,000 agreements against the bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/agreements_bench \\
        .venv/bin/python bench/agreements_index.py [--count 1000] [--requests 300]

Migrates the database in DATABASE_URL, loads the site core and agreements demo content, adds
--count volume agreements (manage.py agreements_volume_data, idempotent), then times the
index unfiltered and filtered, and one agreement page, through gunicorn.
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
    "import portal.demo, agreements.demo; "
    "ctx = portal.demo.DemoContext(io.StringIO(), no_style()); "
    "portal.demo.load(ctx); agreements.demo.load(ctx)"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    for command in (
        ["migrate", "--noinput"],
        ["shell", "-c", LOAD_DEMO],
        ["agreements_volume_data", "--count", str(args.count), "--seed", str(args.seed)],
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
        compare("agreements_index", f"{base}/overenskommelser/", bare, args.requests)
        compare(
            "agreements_index_filtered",
            f"{base}/overenskommelser/?lan=dalarna&status=galler&ar=2026",
            bare,
            args.requests,
        )
        compare(
            "agreements_page",
            f"{base}/overenskommelser/rok-blekinge-2019-2021/",
            bare,
            args.requests,
        )


if __name__ == "__main__":
    main()
