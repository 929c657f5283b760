"""Elasticsearch backend benchmark: bulk rebuild throughput and query latency.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search_elasticsearch.py \\
        [--documents 100000] [--queries 500] [--seed 7]

Builds synthetic Swedish documents from the domain's vocabulary (every tenth one a PDF page),
rebuilds them into the index "<SEARCH_INDEX_PREFIX>-bench" through the backend's own rebuild
(new index, alias switch), then times mixed queries (one word, two words, a phrase, with and
without filters; facets, snippets and did-you-mean always on) through ``backend.search`` and
prints p50/p95/p99. Facet labels are left out (they are database lookups, timed by the /sok/
benchmark). The index is deleted afterwards.

Without ELASTICSEARCH_URL it only times building the request bodies, the part that runs in
the web process whatever the cluster.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from harness import machine  # noqa: E402

from search.backends.base import SearchDocument, SearchQuery  # noqa: E402
from search.es_queries import build_search  # noqa: E402

WORDS = [
    "kvotflyktingar",
    "mottagande",
    "kommunen",
    "länsstyrelsen",
    "överenskommelsen",
    "samverkan",
    "etablering",
    "bosättning",
    "arbetsmarknaden",
    "integration",
    "språkkafé",
    "svenska",
    "invandrare",
    "anvisning",
    "kommuntal",
    "handlingsplan",
    "integrationsrådet",
    "arbetsförmedlingen",
    "försäkringskassan",
    "migrationsverket",
    "ensamkommande",
    "asylsökande",
    "samhällsorientering",
    "flyktingguider",
    "läxhjälp",
    "mentorskap",
    "hälsa",
    "civilsamhället",
    "föreningar",
    "studieförbund",
    "praktik",
    "utbildning",
    "regionen",
    "parterna",
    "uppföljning",
    "metodstöd",
    "reflektionsfrågor",
    "kapitel",
    "bilaga",
    "projekt",
    "finansiering",
    "målgrupp",
    "boende",
    "skola",
]
QUERIES = [
    "kvotflykting",
    "överenskommelser",
    "RÖK",
    "SFI",
    "språkkafé",
    "etablering arbetsmarknaden",
    "samverkan kommunen",
    '"regional överenskommelse"',
    '"svenska för invandrare"',
    "handlingsplan -bilaga",
    "läxhjälp OR mentorskap",
    "kvotflyktnigar",
]
COUNTIES = ["01", "03", "12", "14", "17", "20", "24", "25"]
KINDS = ["page", "agreement", "document", "organisation", "activity", "event"]


def documents(count, rng):
    for n in range(count):
        kind = "document" if n % 10 == 0 else rng.choice(KINDS)
        county = rng.choice(COUNTIES)
        yield SearchDocument(
            key=f"bench:{n}",
            source=f"bench:{n // 3 if kind == 'document' else n}",
            kind=kind,
            title=" ".join(rng.choices(WORDS, k=4)).capitalize(),
            url=f"/bench/{n}/",
            summary=" ".join(rng.choices(WORDS, k=20)),
            body=" ".join(rng.choices(WORDS, k=rng.randint(80, 400))),
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000)),
            county_codes=[county],
            municipality_codes=[f"{county}{rng.randint(10, 99)}"],
            target_groups=rng.sample(["kvotflyktingar", "asylsokande", "frivilliga"], k=1),
            tags=rng.sample(["språk", "samverkan", "bosättning", "hälsa"], k=2),
            page_number=(n % 40) + 1 if kind == "document" else None,
            container_title="Metodstöd.pdf" if kind == "document" else "",
        )


def queries(count, rng):
    for _ in range(count):
        filters = {}
        if rng.random() < 0.5:
            filters[rng.choice(["county", "kind", "year"])] = [
                rng.choice(COUNTIES + KINDS + ["2019", "2024"])
            ]
        yield SearchQuery(
            text=rng.choice(QUERIES),
            filters=filters,
            sort=rng.choice(["relevance", "relevance", "date"]),
            page=rng.choice([1, 1, 1, 2]),
        )


def percentiles(samples):
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    return f"p50 {at(50):.1f} ms, p95 {at(95):.1f} ms, p99 {at(99):.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print("Machine:", machine())

    built = []
    for query in queries(args.queries, rng):
        started = time.perf_counter()
        build_search(query)[0].to_dict()
        built.append((time.perf_counter() - started) * 1000)
    print(f"request building, {args.queries} queries: {percentiles(built)}")

    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        print("ELASTICSEARCH_URL is not set: no indexing or query figures.")
        return

    from search.backends.elasticsearch import ElasticsearchBackend

    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "samverkan") + "-bench"
    backend = ElasticsearchBackend(url=url, index_prefix=prefix, synonyms=None)
    import search.labels

    search.labels._lookup = lambda facet, values: {}  # labels are database work
    if not backend.available():
        print(f"Elasticsearch at {url} does not answer: no indexing or query figures.")
        return
    started = time.perf_counter()
    count = backend.rebuild(
        documents(args.documents, rng),
        progress=lambda n: print(f"\r  indexed {n:,}", end="", flush=True),
    )
    elapsed = time.perf_counter() - started
    print(f"\nrebuild: {count:,} documents in {elapsed:.1f} s = {count / elapsed:,.0f} docs/s")

    took, wall = [], []
    for query in queries(args.queries, rng):
        started = time.perf_counter()
        results = backend.search(query)
        wall.append((time.perf_counter() - started) * 1000)
        took.append(results.took_ms)
    print(f"search, {args.queries} mixed queries, wall: {percentiles(wall)}")
    print(f"search, as Elasticsearch reports (took): {percentiles(took)}")
    print(f"mean wall {statistics.mean(wall):.1f} ms")
    for name in backend._aliased_indices():
        backend.client.indices.delete(index=name)


if __name__ == "__main__":
    main()
