"""Open data benchmark (issue 16): each API list against the HTML list it mirrors (target: the
API's median within 2x the HTML list's), at volume data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opendata_bench \\
        .venv/bin/python bench/opendata.py [--requests 200] [--volume 1000] [--skip-prepare]

Migrates the database, loads the demo content and volume data (--volume per app; idempotent
commands), then times through gunicorn (two workers) with the API's rate limit lifted
(API_RATE_LIMIT). The HTML and API requests of a pair alternate, so that other load on the
machine falls on both alike. Each pair is timed twice: as visitors mostly get it (the
anonymous page cache on) and generated every time (PAGE_CACHE_SECONDS=0).

The saved-search digest has its own benchmark: bench/alert_digest.py.
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, gunicorn, machine, summarise  # noqa: E402

PAIRS = [
    ("agreements", "/overenskommelser/", "/api/v1/overenskommelser/"),
    (
        "agreements_filtered",
        "/overenskommelser/?lan=dalarna&status=galler",
        "/api/v1/overenskommelser/?lan=dalarna&status=galler",
    ),
    ("directory", "/foreningar/", "/api/v1/organisationer/"),
    ("activities", "/foreningar/aktiviteter/", "/api/v1/aktiviteter/"),
    ("calendar", "/kalender/", "/api/v1/evenemang/"),
]


def prepare(env, volume):
    for command in (
        ["migrate", "--noinput"],
        ["load_demo_content", "--quiet-logins"],
        ["agreements_volume_data", "--count", str(volume)],
        ["build_partner_volume", "--count", str(volume)],
        ["events_volume_data", "--count", str(volume)],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def fetch(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def time_pair(html, api, requests, warmup=10):
    """Latencies (ms) of the two URLs, requested in turn."""
    for _ in range(warmup):
        fetch(html), fetch(api)
    html_samples, api_samples = [], []
    for _ in range(requests):
        html_samples.append(fetch(html))
        api_samples.append(fetch(api))
    return summarise(html_samples), summarise(api_samples)


def bench_api(requests, cached):
    env = {"API_RATE_LIMIT": "1000000/m/ip"}
    if not cached:
        env["PAGE_CACHE_SECONDS"] = "0"
    label = "page cache on" if cached else "page cache off"
    # importing Django and Wagtail in two workers can take minutes on a loaded machine
    with gunicorn(env=env, startup_seconds=240) as base:
        for name, html, api in PAIRS:
            html_stats, api_stats = time_pair(base + html, base + api, requests)
            ratio = api_stats["median_ms"] / html_stats["median_ms"]
            print(
                f"{name} ({label}): HTML {html} median {html_stats['median_ms']} ms, "
                f"p95 {html_stats['p95_ms']} ms; API {api} median {api_stats['median_ms']} ms, "
                f"p95 {api_stats['p95_ms']} ms; API/HTML median {ratio:.2f}x",
                flush=True,
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--volume", type=int, default=1000)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench", "EMAIL_URL": "dummy://"}
    if not args.skip_prepare:
        prepare(env, args.volume)
    print("Machine:", machine(), "load average:", os.getloadavg())
    for cached in (True, False):
        bench_api(args.requests, cached)
    print("load average after:", os.getloadavg())


if __name__ == "__main__":
    main()
