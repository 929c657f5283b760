"""Saved-search digest benchmark (issue 16): 10,000 saved searches in under 5 minutes on this
machine, and nothing sent twice when the command runs twice.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_alerts \\
        .venv/bin/python bench/alert_digest.py [--saved-searches 10000] [--volume 300]
    DATABASE_URL=sqlite:////tmp/bench_alerts.sqlite3 .venv/bin/python bench/alert_digest.py

Migrates the database and loads the demo content and volume data (idempotent commands; skip
with --skip-prepare), then makes a realistic mix of saved searches: every scope, filters on
counties, municipalities, types, languages, formats and search words, drawn with a long tail
so that popular queries repeat many times (--distinct caps the number of different queries).
Each is confirmed as a visitor would (what matched then is recorded, not sent), then the
newest few matches of every query are "forgotten" and some organisations and activities are
touched, so the first run has a few new and changed items per e-mail, like a real day.

Times the first run (sends) and a second run at once with every saved search due again
(must send nothing), in-process with e-mail in memory (locmem), and checks that no address got
two e-mails and that the items recorded as sent equal the items e-mailed. Prints total time,
cost per saved search and query counts; never fails on time.
"""

import argparse
import collections
import os
import random
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
EMAIL_DOMAIN = "@bench-alerts.invalid"
WORDS = [
    "språkcafé",
    "samhällsorientering",
    "traumamedvetet",
    "ensamkommande",
    "bosättning",
    "kommuntal",
    "flyktingguide",
    "läxhjälp",
    "arbetsmarknad",
    "hälsa",
    "mentor",
    "digital",
    "ukraina",
    "sfi",
    "överenskommelse",
]


def prepare(volume):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    commands = [["migrate", "--noinput"], ["load_demo_content", "--quiet-logins"]]
    if volume:
        commands += [
            ["agreements_volume_data", "--count", str(volume)],
            ["build_partner_volume", "--count", str(volume)],
            ["events_volume_data", "--count", str(max(volume // 5, 1))],
        ]
    for command in commands:
        print("prepare:", " ".join(command), flush=True)
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")
    os.environ["EMAIL_URL"] = "locmem://"
    # bench/ holds a package named "search": the portal's own must win.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def query_pool(rng, distinct):
    """Different (scope, query) pairs, most popular first."""
    from portal.models import County, Municipality

    counties = list(County.objects.values_list("slug", flat=True))
    municipalities = list(Municipality.objects.values_list("slug", flat=True))
    popular = rng.sample(municipalities, min(40, len(municipalities)))
    makers = [
        lambda: ("kalender", [["lan", rng.choice(counties)]]),
        lambda: ("kalender", [["lan", rng.choice(counties)], ["form", "online"]]),
        lambda: ("kalender", [["kommun", rng.choice(popular)]]),
        lambda: ("kalender", [["form", rng.choice(["online", "plats", "hybrid"])]]),
        lambda: ("overenskommelser", [["lan", rng.choice(counties)]]),
        lambda: ("overenskommelser", [["typ", "lok"], ["kommun", rng.choice(popular)]]),
        lambda: ("overenskommelser", [["typ", rng.choice(["rok", "lok"])], ["status", "galler"]]),
        lambda: ("foreningar", [["lan", rng.choice(counties)]]),
        lambda: ("foreningar", [["sprak", rng.choice(["ar", "so", "ti", "uk", "fa", "en"])]]),
        lambda: ("aktiviteter", [["kommun", rng.choice(popular)]]),
        lambda: ("aktiviteter", [["lan", rng.choice(counties)]]),
        lambda: ("sok", [["q", rng.choice(WORDS)]]),
        lambda: ("sok", [["q", rng.choice(WORDS)], ["lan", rng.choice(counties)]]),
    ]
    pool, seen = [], set()
    for _attempt in range(distinct * 20):
        scope, query = rng.choice(makers)()
        key = (scope, tuple(map(tuple, query)))
        if key not in seen:
            seen.add(key)
            pool.append((scope, query))
        if len(pool) == distinct:
            break
    return pool


def make_saved_searches(count, distinct, seed):
    """``count`` confirmed saved searches over at most ``distinct`` queries (Zipf-like
    popularity), each with what matched at confirmation recorded except the newest three."""
    from django.utils import timezone

    from portal.alerts import SavedSearch, SavedSearchItem
    from portal.opendata.alerts import _params, _querydict, describe, group_of, matches  # noqa: PLC2701

    rng = random.Random(seed)
    SavedSearch.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    pool = query_pool(rng, distinct)
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    now = timezone.now()
    chosen = rng.choices(pool, weights=weights, k=count)
    labels = {}
    for scope, query in pool:
        labels[group_of(scope, query)] = describe(scope, _params(scope, _querydict(query)))
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(
                email=f"bevakare{n}{EMAIL_DOMAIN}",
                scope=scope,
                query=query,
                label=labels[group_of(scope, query)],
                frequency=rng.choice(["daily", "daily", "daily", "weekly"]),
                confirmed_at=now,
            )
            for n, (scope, query) in enumerate(chosen)
        ],
        batch_size=2000,
    )
    members = collections.defaultdict(list)
    for pk, scope, query in SavedSearch.objects.filter(email__endswith=EMAIL_DOMAIN).values_list(
        "pk", "scope", "query"
    ):
        members[group_of(scope, query)].append((pk, scope, query))
    snapshot = []
    for group in members.values():
        _pk, scope, query = group[0]
        seen = matches(SavedSearch(scope=scope, query=query))[3:]
        snapshot += [
            SavedSearchItem(saved_search_id=pk, key=item.key, version=item.version)
            for pk, _scope, _query in group
            for item in seen
        ]
    SavedSearchItem.objects.bulk_create(snapshot, batch_size=5000)
    return len(members), len(snapshot)


def touch_some(rng):
    """A day's edits: some organisations and activities changed (sent again as changed)."""
    from django.utils import timezone

    from partners.models import Activity, Organisation

    for model in (Organisation, Activity):
        pks = list(model.objects.values_list("pk", flat=True))
        changed = rng.sample(pks, min(30, len(pks)))
        model.objects.filter(pk__in=changed).update(updated_at=timezone.now())


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_run():
    from django.db import connection

    from portal.opendata.alerts import send_digests

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        emails, items = send_digests()
    return time.perf_counter() - started, emails, items, counter.count


def bench(count, distinct, seed):
    from django.core import mail
    from django.db import connection

    from portal.alerts import SavedSearch, SavedSearchItem

    started = time.perf_counter()
    groups, snapshot = make_saved_searches(count, distinct, seed)
    touch_some(random.Random(seed))
    print(
        f"set-up: {count} saved searches over {groups} distinct queries, {snapshot} items "
        f"recorded at confirmation, in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    mail.outbox = []
    seconds, emails, items, queries = timed_run()
    first_outbox = list(mail.outbox)
    print(
        f"first run: {emails} e-mails, {items} items in {seconds:.1f} s "
        f"({seconds / count * 1000:.2f} ms per saved search, {queries} queries)",
        flush=True,
    )
    mine = SavedSearch.objects.filter(email__endswith=EMAIL_DOMAIN)
    mine.update(last_sent_at=None)  # all due again at once
    mail.outbox = []
    seconds2, emails2, items2, queries2 = timed_run()
    print(
        f"second run: {emails2} e-mails, {items2} items in {seconds2:.1f} s "
        f"({seconds2 / count * 1000:.2f} ms per saved search, {queries2} queries)",
        flush=True,
    )
    per_address = collections.Counter(m.to[0] for m in first_outbox + mail.outbox)
    recorded = SavedSearchItem.objects.filter(
        saved_search__email__endswith=EMAIL_DOMAIN, sent_at__isnull=False
    ).count()
    changed = sum(m.body.count("[Ändrad]") for m in first_outbox)
    print(
        f"check: addresses with more than one e-mail: "
        f"{sum(1 for n in per_address.values() if n > 1)}; items recorded as sent {recorded} "
        f"= items e-mailed {items}: {recorded == items}; marked changed {changed}; "
        f"second run sent {emails2}"
    )
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    mine.delete()
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saved-searches", type=int, default=10_000)
    parser.add_argument("--distinct", type=int, default=400, help="different queries at most")
    parser.add_argument("--volume", type=int, default=300, help="volume data per app")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not args.skip_prepare:
        prepare(args.volume)
    sys.path.insert(0, str(BENCH))
    from harness import machine

    print("Machine:", machine())
    setup_django()
    bench(args.saved_searches, args.distinct, args.seed)


if __name__ == "__main__":
    main()
