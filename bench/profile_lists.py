"""Where the time of the uncached lists goes (issue 17, item 3): renders each list in-process
with the page cache off, reports median time and queries, and the top functions by cumulative
time (cProfile) for one render. On a shared machine the CPU time this process spent (it leaves
out waiting for the database and for other processes) is steadier than the wall-clock median.

The lists' kept parts (counts, options: ``portal.overview.Fragments``) stay on, as in
production, so the figures are for a page whose content has not changed since its last render;
``DJANGO_SETTINGS_MODULE=bench.overview_settings`` turns them off (every render from scratch).

    DATABASE_URL=postgres://…/samverkan_bench_perf .venv/bin/python bench/profile_lists.py [--profile]
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")
os.environ["PAGE_CACHE_SECONDS"] = "0"

URLS = [
    "/kalender/",
    "/kalender/manad/2027/1/",
    "/overenskommelser/",
    "/overenskommelser/?lan=dalarna&status=galler&ar=2026",
    "/foreningar/",
    "/foreningar/?lan=dalarna&sprak=ar&sida=2",
    "/foreningar/aktiviteter/",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("urls", nargs="*", default=URLS)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in args.urls:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times, cpu = [], []
        for _ in range(args.requests):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{url}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms "
            f"(this process's CPU: median {statistics.median(cpu):.1f} ms), {len(queries)} queries ({sql_ms:.1f} ms in SQL as timed by Django)"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
