"""Search benchmark (issue 7, item 8): bulk indexing throughput and /sok/ latency at scale.

    createdb -h 127.0.0.1 -U postgres search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench \\
        .venv/bin/python bench/search/run.py [--documents 100000] [--queries 500] [--seed 7]

1. migrates and loads the demo site (its text is the vocabulary);
2. builds N Swedish documents (every tenth a PDF page) and writes them through the database
   backend's own indexing path (``DatabaseBackend.index``, chunks of 500): documents/second;
3. indexes the same rows into Wagtail's database search backend (peer b);
4. times the same mixed queries (one word, two words, phrase, OR, exclusion, abbreviation;
   half with a filter; facets and snippets always on) through gunicorn against
   /sok/?format=json, the naive icontains peer and the Wagtail peer; prints p50/p95/p99
   and the ratios, and saves bench/results/search.json. Timings never fail the run.
"""

import argparse
import collections
import contextlib
import datetime
import itertools
import json
import math
import multiprocessing
import os
import random
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.search.settings"
os.environ.setdefault("SEARCH_AUTO_UPDATE", "0")

from harness import RESULTS, gunicorn, machine, summarise  # noqa: E402

COUNTIES = ["01", "03", "10", "12", "14", "17", "20", "24", "25"]
KINDS = ["page", "regional_agreement", "local_agreement", "organisation", "activity", "event"]
TARGET_GROUPS = [
    "kvotflyktingar",
    "asylsokande",
    "ensamkommande",
    "frivilliga",
    "offentliganstallda",
]
TAGS = ["språk", "samverkan", "bosättning", "hälsa", "arbetsmarknad", "digital kompetens"]
DOMAIN = [
    "kvotflyktingar",
    "kvotflykting",
    "överenskommelsen",
    "överenskommelser",
    "regional",
    "lokal",
    "mottagande",
    "nyanlända",
    "etablering",
    "arbetsmarknaden",
    "bosättningslagen",
    "anvisning",
    "kommuntal",
    "länstal",
    "handlingsplan",
    "integrationsrådet",
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "Migrationsverket",
    "ensamkommande",
    "asylsökande",
    "samhällsorientering",
    "flyktingguider",
    "läxhjälp",
    "språkcafé",
    "mentorskap",
    "civilsamhället",
    "föreningar",
    "studieförbund",
    "metodstöd",
    "reflektionsfrågor",
    "anläggningsboende",
    "svenska",
    "invandrare",
    "RÖK",
    "LÖK",
    "SFI",
    "ABO",
]


def setup_django():
    import django

    django.setup()


def manage(*args):
    import subprocess

    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def vocabulary():
    """Words of the demo site, weighted by how often they occur there (Zipf-like)."""
    from search.models import SearchEntry
    from search.query import WORD_RE

    counter = collections.Counter()
    for title, summary, body in SearchEntry.objects.exclude(
        source__startswith="bench:"
    ).values_list("title", "summary", "body"):
        counter.update(w for w in WORD_RE.findall(f"{title} {summary} {body}") if len(w) > 2)
    for word in DOMAIN:
        counter[word] += 20
    base = [w for w, _ in counter.most_common()]
    # The demo site has under a thousand distinct words; real Swedish text has tens of
    # thousands. Inflections and two-part compounds of the demo words fill the long tail, and
    # every word gets a Zipf weight (1/rank), the shape natural-language frequencies have.
    nouns = [w.lower() for w in base if len(w) >= 5 and w.isalpha()]
    extra = []
    for word in nouns:
        extra.extend(word + suffix for suffix in ("en", "er", "ar", "na", "et", "erna", "s"))
    rng = random.Random(3)
    for _ in range(20000):
        extra.append(rng.choice(nouns) + rng.choice(nouns))
    words = list(dict.fromkeys(base + extra))
    weights = [1.0 / rank for rank in range(1, len(words) + 1)]
    return words, weights


_CUMULATIVE = {}


def sentence(rng, words, weights, count):
    key = id(weights)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = list(itertools.accumulate(weights))
    return " ".join(rng.choices(words, cum_weights=_CUMULATIVE[key], k=count))


def make_documents(count, rng, words, weights, municipalities):
    from search.backends.base import SearchDocument

    for n in range(count):
        is_pdf = n % 10 == 0
        kind = "document" if is_pdf else rng.choice(KINDS)
        county = rng.choice(COUNTIES)
        municipality = rng.choice(municipalities.get(county) or ["0000"])
        title_words = rng.randint(3, 7)
        yield SearchDocument(
            key=f"bench:{n}",
            source=f"bench:{n}",
            kind=kind,
            title=sentence(rng, words, weights, title_words).capitalize(),
            url=f"/bench/{n}/" + (f"#page={n % 40 + 1}" if is_pdf else ""),
            summary=sentence(rng, words, weights, rng.randint(10, 25)),
            body=". ".join(
                sentence(rng, words, weights, rng.randint(8, 18))
                for _ in range(rng.randint(8, 25 if not is_pdf else 35))
            ),
            date=datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randint(0, 4700)),
            county_codes=[county],
            municipality_codes=[municipality],
            target_groups=rng.sample(TARGET_GROUPS, k=rng.randint(0, 2)),
            tags=rng.sample(TAGS, k=rng.randint(0, 2)),
            page_number=(n % 40) + 1 if is_pdf else None,
            container_title=f"dokument-{n // 40}.pdf" if is_pdf else "",
        )


def index_part(job):
    """One worker: generate its share of the documents, then time writing them."""
    from django.db import connection

    from search.backends.database import DatabaseBackend

    worker, workers, count, seed, words, weights, municipalities = job
    connection.close()
    rng = random.Random(seed * 1000 + worker)
    share = [
        d
        for n, d in enumerate(make_documents(count, rng, words, weights, municipalities))
        if n % workers == worker
    ]
    backend = DatabaseBackend()
    started = time.perf_counter()
    done = 0
    for start in range(0, len(share), 5000):
        done += backend.index(share[start : start + 5000])
        if worker == 0:
            print(f"\r  worker 0: {done} documents", end="", flush=True)
    seconds = time.perf_counter() - started
    if worker == 0:
        print()
    return done, seconds


# the query shapes of ``make_queries``, by n % 8 (every second query also has a filter)
SHAPES = (
    "one word",
    "one word",
    "two words",
    "two words",
    "phrase",
    "OR",
    "exclusion",
    "abbreviation",
)


def make_queries(count, rng, words, weights):
    def pick():
        # query words spread evenly over log-rank 30..10,000: from common to specific
        rank = int(math.exp(rng.uniform(math.log(30), math.log(min(10_000, len(words) - 1)))))
        return words[rank]

    queries = []
    for n in range(count):
        shape = n % 8
        if shape in (0, 1):
            text = pick()
        elif shape in (2, 3):
            text = f"{pick()} {pick()}"
        elif shape == 4:
            text = f'"{rng.choice(DOMAIN)} {pick()}"'
        elif shape == 5:
            text = f"{pick()} OR {pick()}"
        elif shape == 6:
            text = f"{rng.choice(DOMAIN)} -{pick()}"
        else:
            text = rng.choice(["RÖK", "LÖK", "SFI", "ABO", "kvotflykting", "överenskommelser"])
        params = {"q": text}
        if n % 2:
            facet = rng.choice(["county", "kind", "year"])
            params[facet] = {
                "county": rng.choice(COUNTIES),
                "kind": rng.choice(KINDS + ["document"]),
                "year": str(rng.randint(2014, 2026)),
            }[facet]
        if n % 7 == 3:
            params["sort"] = "date"
        queries.append(params)
    return queries


def sok_params(params, county_slugs):
    """``params`` in /sok/'s own vocabulary (``lan=dalarna``, ``typ``, ``ar``,
    ``sortera=datum``), so no request is timed through the 301 from the old names."""
    from search.vocabulary import PARAMS, SORT, SORT_KEYS

    out = {}
    for name, value in params.items():
        if name == "county":
            out[PARAMS[name]] = county_slugs[value]
        elif name == "sort":
            out[SORT] = SORT_KEYS[value]
        else:
            out[PARAMS.get(name, name)] = value
    return out


def time_queries(base, path, queries, extra=None):
    """Latencies of each query once (after a warm-up); failures are counted, not fatal."""
    samples, totals, failures, shapes = [], [], 0, []
    for params in queries[:10]:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(
                base + path + "?" + urllib.parse.urlencode({**params, **(extra or {})}), timeout=300
            ).read()
    for n, params in enumerate(queries):
        url = base + path + "?" + urllib.parse.urlencode({**params, **(extra or {})})
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=300) as response:
                body = response.read()
        except OSError:
            failures += 1
            continue
        samples.append((time.perf_counter() - start) * 1000)
        totals.append(json.loads(body).get("total", 0))
        shapes.append(SHAPES[n % len(SHAPES)])
    return samples, totals, failures, shapes


def main():
    import urllib.request  # noqa: F401

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-build", action="store_true", help="Reuse documents already indexed."
    )
    parser.add_argument(
        "--peer-queries", type=int, default=100, help="How many of the queries the slow peers get."
    )
    parser.add_argument("--workers", type=int, default=2, help="Indexing processes.")
    parser.add_argument("--skip-wagtail", action="store_true", help="Leave out peer (b).")
    args = parser.parse_args()

    manage("migrate", "--noinput")
    if not args.skip_build:
        # the demo loader rebuilds the search index, which drops the benchmark's documents
        manage("load_demo_content", "--quiet-logins")
    setup_django()
    from django.db import connection

    from portal.models import Municipality
    from search.models import SearchEntry

    words, weights = vocabulary()
    municipalities = collections.defaultdict(list)
    for code, county in Municipality.objects.values_list("code", "county__code"):
        municipalities[county].append(code)
    print("Machine:", machine())
    print(f"Vocabulary: {len(words)} words from the demo site")
    result = {"machine": machine(), "documents": args.documents, "queries": args.queries}

    if not args.skip_build:
        SearchEntry.objects.filter(source__startswith="bench:").delete()
        with connection.cursor() as cursor:  # as compact as a first build on a fresh database
            cursor.execute("VACUUM FULL search_searchentry")
        connection.close()
        jobs = [
            (worker, args.workers, args.documents, args.seed, words, weights, dict(municipalities))
            for worker in range(args.workers)
        ]
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            parts = pool.map(index_part, jobs)
        wall = time.perf_counter() - started
        done = sum(p[0] for p in parts)
        index_seconds = max(p[1] for p in parts)
        print(
            f"Indexing: {done} documents through DatabaseBackend.index in {args.workers} "
            f"processes: {index_seconds:.1f} s indexing = {done / index_seconds:.0f} documents/s "
            f"({wall:.1f} s wall time including generating the documents)"
        )
        result["indexing"] = {
            "documents": done,
            "workers": args.workers,
            "seconds": round(index_seconds, 1),
            "per_second": round(done / index_seconds),
            "wall_seconds_with_generation": round(wall, 1),
        }
        # Every document went through DatabaseBackend.index with the current synonym list,
        # as a rebuild would: record that, so synonym phrases are matched as single terms.
        from search.backends.database import DatabaseBackend
        from search.query import synonym_phrases

        DatabaseBackend().mark_phrases_indexed(synonym_phrases())
        DatabaseBackend._mark_analysis_current()  # written with pairs, as a rebuild would
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")

        if not args.skip_wagtail:
            # entries of an earlier run's documents would double the peer's index
            from django.apps import apps
            from django.contrib.contenttypes.models import ContentType

            from wagtail.search.backends import get_search_backend

            from bench.search.peers import BenchEntry

            IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")

            IndexEntry.objects.filter(
                content_type__in=[
                    ContentType.objects.get_for_model(BenchEntry, for_concrete_model=False),
                    ContentType.objects.get_for_model(SearchEntry),
                ]
            ).delete()
            started = time.perf_counter()
            wagtail_backend = get_search_backend("default")
            index_ = wagtail_backend.get_index_for_model(BenchEntry)
            queryset = BenchEntry.objects.filter(source__startswith="bench:").order_by("pk")
            last = 0
            count = 0
            while True:
                rows = list(queryset.filter(pk__gt=last)[:2000])
                if not rows:
                    break
                index_.add_items(BenchEntry, rows)
                count += len(rows)
                last = rows[-1].pk
                print(f"\r  Wagtail index: {count}", end="", flush=True)
            seconds = time.perf_counter() - started
            print(
                f"\nWagtail database backend indexing: {count} in {seconds:.1f} s = {count / seconds:.0f}/s"
            )
            result["wagtail_indexing"] = {"documents": count, "per_second": round(count / seconds)}

    queries = make_queries(args.queries, random.Random(args.seed + 1), words, weights)
    connection.close()
    endpoints = {
        "sok_json": ("/sok/", {"format": "json"}),
        "naive_icontains": ("/__bench__/search/naive/", None),
    }
    if not args.skip_wagtail:
        endpoints["wagtail_database"] = ("/__bench__/search/wagtail/", None)
    server_env = {
        "DJANGO_SETTINGS_MODULE": "bench.search.settings",
        "GUNICORN_CMD_ARGS": "--timeout 300",
        # connections persist between requests, as .env.example recommends for production
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        # every query answered by the search, not by the page cache (a repeated query
        # would otherwise be a cache hit)
        "PAGE_CACHE_SECONDS": "0",
    }
    from portal.models import County

    county_slugs = dict(County.objects.values_list("code", "slug"))
    connection.close()
    with gunicorn(workers=2, env=server_env) as base:
        for name, (path, extra) in endpoints.items():
            subset = queries if name == "sok_json" else queries[: args.peer_queries]
            if name == "sok_json":
                subset = [sok_params(params, county_slugs) for params in subset]
            samples, totals, failures, shapes = time_queries(base, path, subset, extra)
            if not samples:
                print(f"{name}: every request failed")
                continue
            stats = summarise(samples)
            stats["failures"] = failures
            stats["p50_ms"] = stats["median_ms"]
            stats["mean_hits"] = round(sum(totals) / len(totals), 1)
            stats["zero_hit_queries"] = sum(1 for t in totals if t == 0)
            result[name] = stats
            print(
                f"{name:18} p50 {stats['median_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f} ms  "
                f"p99 {stats['p99_ms']:8.1f} ms  (mean hits {stats['mean_hits']})"
            )
            if name == "sok_json":
                stats["by_shape"] = {}
                for shape in dict.fromkeys(SHAPES):
                    part = [ms for ms, s in zip(samples, shapes, strict=True) if s == shape]
                    if len(part) < 2:
                        continue
                    figures = summarise(part)
                    stats["by_shape"][shape] = figures
                    print(
                        f"  {shape:16} p50 {figures['median_ms']:8.1f} ms  "
                        f"p95 {figures['p95_ms']:8.1f} ms  ({len(part)} queries)"
                    )
    for peer in ("naive_icontains", "wagtail_database"):
        if peer in result and "sok_json" in result:
            result[f"ratio_{peer}"] = {
                "p50": round(result[peer]["median_ms"] / result["sok_json"]["median_ms"], 1),
                "p95": round(result[peer]["p95_ms"] / result["sok_json"]["p95_ms"], 1),
            }
            print(
                f"{peer} is {result[f'ratio_{peer}']['p50']}x slower at p50, "
                f"{result[f'ratio_{peer}']['p95']}x at p95 than /sok/"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
