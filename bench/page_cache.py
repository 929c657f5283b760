"""Cached and uncached anonymous pages against the bare Django view, on the same gunicorn
(issue 17): each page is timed with the page cache on (its first visit fills it; the timed
visits are hits) and off (PAGE_CACHE_SECONDS=0), sequential requests from one client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench_perf \\
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/page_cache.py [--requests 300]

Needs the volume data of bench/load_test.py (run it first, or its data step).
"""

import argparse
import json
import os
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import RESULTS, compare, gunicorn, machine  # noqa: E402

PAGES = {
    "home": "/",
    "agreements": "/overenskommelser/",
    "agreements_filtered": "/overenskommelser/?lan=dalarna&status=galler",
    "directory": "/foreningar/",
    "calendar": "/kalender/",
    "calendar_month": "/kalender/manad/2027/1/",
    "search": "/sok/?q=spr%C3%A5kcaf%C3%A9",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results = {"machine": machine(), "load_average": Path("/proc/loadavg").read_text().split()[:3]}
    base_env = {
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
    for label, seconds in (("cached", "3600"), ("uncached", "0")):
        with gunicorn(
            workers=args.workers, env={**base_env, "PAGE_CACHE_SECONDS": seconds}
        ) as base:
            bare = f"{base}/__bench__/bare/"
            for name, path in PAGES.items():
                with urllib.request.urlopen(base + path) as response:
                    state = response.headers.get("X-Portal-Cache")
                result = compare(f"page_cache_{label}_{name}", base + path, bare, args.requests)
                result["cache_header_after_first_visit"] = state
                results[f"{label}:{name}"] = result
    (RESULTS / "page_cache.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
