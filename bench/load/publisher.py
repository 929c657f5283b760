"""Staff publishing during the load test, from a process of its own (as another worker of the
admin would): every ten seconds a news page or a sign-up event gets a new title through
Wagtail's revision publish, and an anonymous GET of the page (and for an event, of the calendar
list of its day) must show it at once. Prints a JSON summary at the end.

    python bench/load/publisher.py BASE_URL SECONDS FIXTURE
"""

import json
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from django_setup import setup

INTERVAL = 10.0


def fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": "bench-publisher"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode(), response.headers.get("X-Portal-Cache")


def urls_showing(page):
    """The page itself, and for an event the calendar list of its first day."""
    urls = [page.get_url()]
    first = getattr(page, "first_occurrence", None)
    if first is not None:
        day = first.local_start.date().isoformat()
        urls.append(f"{page.get_parent().get_url()}?fran={day}&till={day}")
    return urls


def main():
    base, seconds, fixture_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    setup()
    from django.contrib.auth import get_user_model

    from wagtail.models import Page

    fixture = json.loads(Path(fixture_path).read_text(encoding="utf-8"))
    staff = get_user_model().objects.get(pk=fixture["staff"])
    targets = [item["pk"] for item in fixture["news_pages"]]
    targets += [item["pk"] for item in fixture["signup_events"][:3]]
    publishes, stale, checks, timings = 0, [], 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = Page.objects.get(pk=targets[publishes % len(targets)]).specific
        base_title = page.title.split(" · ")[0]
        page.title = f"{base_title} · {uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        page.save_revision(user=staff).publish(user=staff)
        timings.append((time.perf_counter() - started) * 1000)
        publishes += 1
        for url in urls_showing(page):
            status, text, cache_state = fetch(base + url)
            checks += 1
            if status != 200 or page.title not in text.replace("&#x27;", "'"):
                stale.append({"url": url, "expected": page.title, "cache": cache_state})
        time.sleep(INTERVAL)
    print(
        json.dumps(
            {
                "publishes": publishes,
                "checks": checks,
                "stale": stale,
                "publish_ms_median": sorted(timings)[len(timings) // 2] if timings else None,
            }
        )
    )


if __name__ == "__main__":
    main()
