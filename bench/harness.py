"""Shared benchmark tools: run the portal under gunicorn, time URLs, report median and p95.

Benchmarks never fail on time; they print figures for docs/PERFORMANCE.md.
"""

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers=2, env=None, startup_seconds=30):
    """Serve the portal with gunicorn on a free port; yield its base URL. ``startup_seconds``:
    how long to wait for the workers (raise it on a loaded shared machine)."""
    port = free_port()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench", **(env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                urllib.request.urlopen(base + "/__bench__/bare/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def time_url(url, requests=300, warmup=20):
    """Latencies in milliseconds of sequential GETs; non-200 answers abort the run."""
    for _ in range(warmup):
        urllib.request.urlopen(url, timeout=30).read()
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(samples):
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
    }


def machine():
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": platform.platform(),
        "database": os.environ.get("DATABASE_URL", "sqlite (default)").split("@")[-1],
    }


def compare(name, page_url, peer_url, requests=300):
    """Time a page against a peer URL on the same server; print and save the figures."""
    page = summarise(time_url(page_url, requests))
    peer = summarise(time_url(peer_url, requests))
    result = {
        "name": name,
        "page": page_url,
        "peer": peer_url,
        "page_stats": page,
        "peer_stats": peer,
        "ratio_median": round(page["median_ms"] / peer["median_ms"], 1),
        "ratio_p95": round(page["p95_ms"] / peer["p95_ms"], 1),
        "machine": machine(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(
        f"{name}: median {page['median_ms']} ms, p95 {page['p95_ms']} ms "
        f"(peer {peer_url.split('/', 3)[-1]}: median {peer['median_ms']} ms, p95 {peer['p95_ms']} ms; "
        f"ratio {result['ratio_median']}x median, {result['ratio_p95']}x p95) over {page['n']} requests"
    )
    return result
