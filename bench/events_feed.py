"""The calendar feed's render time in process (Django test client, no HTTP server): uncached
(``cache.clear()`` before each request, so neither the feed cache nor the page cache answers)
and cached (the same URL again). Run after ``bench/events_calendar.py`` or on its own:

    createdb -h 127.0.0.1 -U postgres bench_feed
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_feed \\
        .venv/bin/python bench/events_feed.py [--count 5000] [--uncached 20] [--cached 200]

``--changed N`` also times the full feed N times right after one event's title is published
anew (the load test's case: every publish purges the feeds): it writes to the database, so
use your own. Each event's lines are kept in the cache (events.ics.event_lines), so this
rebuild writes one event and reads the others; "uncached" starts from an empty cache.

Migrates, loads the demo content and volume events (``events_volume_data --count N --seed 1``,
safe to re-run; ``--skip-data`` uses the database as it is). The machine's load average before and
after goes into the results: the figures mean little without it. The cache is the configured one
(the database cache table without REDIS_URL). Results go to bench/results/events_feed.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(client, url, count, before=None):
    times, cpu, size = [], [], 0
    for _ in range(count):
        if before:
            before()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        content = response.content
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(content)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        # this process's CPU: what a gunicorn worker holds the GIL for, less the machine's noise
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "requests": count,
        "bytes": size,
    }


def changer(EventPage):
    """Publishes a new title of one event in the feed, as an editor would."""
    from django.utils import timezone

    from events.models import EventOccurrence

    occurrence = (
        EventOccurrence.objects.filter(page__live=True, start__gte=timezone.now())
        .order_by("start", "pk")
        .first()
    )
    count = [0]

    def change():
        count[0] += 1
        page = EventPage.objects.get(pk=occurrence.page_id).get_latest_revision_as_object()
        page.title = page.title.split(" · ")[0] + f" · {count[0]}"
        page.save_revision().publish()

    return change


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--uncached", type=int, default=20)
    parser.add_argument("--cached", type=int, default=200)
    parser.add_argument("--skip-data", action="store_true")
    parser.add_argument(
        "--changed", type=int, default=0, help="time N rebuilds after one event changed (writes)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from harness import machine

    from events.models import EventPage

    if not args.skip_data:
        call_command("migrate", "--noinput", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("load_demo_content", "--quiet-logins", stdout=quiet)
        call_command("events_volume_data", "--count", str(args.count), "--seed", "1")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    events = EventPage.objects.live().count()
    client = Client()
    results = {
        "machine": machine(),
        "database": connection.vendor,
        "live_events": events,
        "load_average_before": os.getloadavg(),
    }
    for name, url in [
        ("feed", "/kalender/kalender.ics"),
        ("feed_filtered", "/kalender/kalender.ics?kommun=leksand"),
    ]:
        client.get(url)  # warm imports and templates
        results[f"{name}_uncached"] = timed(client, url, args.uncached, before=cache.clear)
        cache.clear()
        client.get(url)
        results[f"{name}_cached"] = timed(client, url, args.cached)
    if args.changed:
        client.get("/kalender/kalender.ics")  # every event's lines kept, as in a running site
        results["feed_after_one_change"] = timed(
            client, "/kalender/kalender.ics", args.changed, before=changer(EventPage)
        )
    # Other work on the machine slows every figure; the load says how busy it was.
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    out = ROOT / "bench" / "results" / "events_feed.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
