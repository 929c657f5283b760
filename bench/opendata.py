"""Open data benchmark (issue 16): API lists against the HTML lists they mirror (target: within
2× the HTML list's median), and the saved-search digest at 10,000 saved searches (target:
under 5 minutes, nothing sent twice when run twice).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opendata_bench \\
        .venv/bin/python bench/opendata.py [--requests 200] [--saved-searches 10000]
    .venv/bin/python bench/opendata.py --only digest --saved-searches 10000   # SQLite

Migrates the database, loads the demo content and volume data (idempotent commands), then
times through gunicorn with the API's rate limit lifted (API_RATE_LIMIT); the digest runs
in-process with e-mail going nowhere (EMAIL_URL=dummy://).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, compare, gunicorn, machine  # noqa: E402

PAIRS = [
    ("agreements", "/overenskommelser/", "/api/v1/overenskommelser/"),
    (
        "agreements_filtered",
        "/overenskommelser/?county=dalarna&status=in_force",
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


def bench_api(requests):
    env = {"API_RATE_LIMIT": "1000000/m/ip"}
    results = {}
    with gunicorn(env=env) as base:
        for name, html, api in PAIRS:
            html_result = compare(f"{name}_html", base + html, base + "/__bench__/bare/", requests)
            api_result = compare(f"{name}_api", base + api, base + "/__bench__/bare/", requests)
            results[name] = (html_result, api_result)
    return results


def bench_digest(count):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")
    # bench/ holds a package named "search": the portal's own must win.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core import mail
    from django.utils import timezone

    from portal.alerts import SavedSearch, SavedSearchItem
    from portal.opendata.alerts import confirm, send_digests

    SavedSearch.objects.filter(email__endswith="@bench.invalid").delete()
    queries = [
        ("kalender", [["lan", "dalarna"]]),
        ("kalender", [["form", "online"]]),
        ("overenskommelser", [["typ", "lok"]]),
        ("foreningar", [["sprak", "ar"]]),
        ("aktiviteter", [["kommun", "leksand"]]),
        ("sok", [["q", "språkcafé"]]),
        ("sok", [["q", "samhällsorientering"]]),
    ]
    now = timezone.now()
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(
                email=f"bevakare{n}@bench.invalid",
                scope=queries[n % len(queries)][0],
                query=queries[n % len(queries)][1],
                label="bench",
                confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    # one per query confirms as a visitor does (what exists is not sent); the rest get it all
    for saved in SavedSearch.objects.filter(email__endswith="@bench.invalid")[: len(queries)]:
        SavedSearch.objects.filter(pk=saved.pk).update(confirmed_at=None)
        confirm(saved)
    started = time.perf_counter()
    first = send_digests()
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    SavedSearch.objects.filter(email__endswith="@bench.invalid").update(last_sent_at=None)
    second = send_digests()
    second_seconds = time.perf_counter() - started
    sent_items = SavedSearchItem.objects.filter(
        saved_search__email__endswith="@bench.invalid", sent_at__isnull=False
    ).count()
    print(
        f"digest: {count} saved searches; first run {first[0]} e-mails / {first[1]} items in "
        f"{first_seconds:.1f} s; second run {second[0]} e-mails in {second_seconds:.1f} s; "
        f"items recorded as sent {sent_items}; outbox {len(getattr(mail, 'outbox', []))}"
    )
    SavedSearch.objects.filter(email__endswith="@bench.invalid").delete()
    return first_seconds, second


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--volume", type=int, default=1000)
    parser.add_argument("--saved-searches", type=int, default=10_000)
    parser.add_argument("--only", choices=["api", "digest"])
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench", "EMAIL_URL": "dummy://"}
    os.environ.update({"EMAIL_URL": "dummy://"})
    if not args.skip_prepare:
        prepare(env, args.volume)
    print("Machine:", machine())
    if args.only != "digest":
        for name, (html, api) in bench_api(args.requests).items():
            ratio = api["page_stats"]["median_ms"] / html["page_stats"]["median_ms"]
            print(f"{name}: API median {ratio:.2f}× the HTML list's")
    if args.only != "api":
        bench_digest(args.saved_searches)


if __name__ == "__main__":
    main()
