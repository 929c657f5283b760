"""Foundation benchmark: the home page against a bare Django view, both through gunicorn.

    make bench            (or: .venv/bin/python bench/run.py [--requests 500])

Uses the database in DATABASE_URL (SQLite by default), migrates it and loads the demo content.
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
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    for command in (["migrate", "--noinput"], ["load_demo_content", "--quiet-logins"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print("Machine:", machine())
    with gunicorn() as base:
        compare("home", f"{base}/", f"{base}/__bench__/bare/", args.requests)


if __name__ == "__main__":
    main()
