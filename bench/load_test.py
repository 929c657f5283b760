"""Load test (issue 17): the demo at volume data behind gunicorn with 4 workers on PostgreSQL and
Redis, background work (the search index, e-mail) queued for a `manage.py db_worker` process as
in production; anonymous readers, people signing up, members editing and staff publishing at
rising load for three minutes; then the checks that nothing was lost, nothing went over
capacity and no page was stale after a change.

    createdb -h 127.0.0.1 -U postgres samverkan_bench_perf
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench_perf \\
    REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/load_test.py [--seconds 180] [--peak-users 120] [--skip-data]

Needs the `bench` extra (Locust): pip install -e ".[dev,bench]". The Redis database given is
emptied first. Results: bench/results/load_test.json and Locust's CSV files next to it.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import RESULTS, ROOT, free_port, machine  # noqa: E402

LOAD = ROOT / "bench" / "load"


def manage(*command, env):
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  {' '.join(command)}: {time.monotonic() - started:.0f} s", flush=True)


def load_average():
    return Path("/proc/loadavg").read_text().split()[:3]


def serve(env, workers, threads=4, app="portal.wsgi"):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # threads: a worker waiting on the database, Redis or another worker's render of
            # the same page does not hold up the requests behind it
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    import urllib.request

    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/__bench__/bare/", timeout=2).read()
            return process, base
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.3)


def _number(text):
    """A figure from Locust's CSV: empty or "N/A" (no request yet in that window) is 0."""
    return float(text) if text not in ("", "N/A") else 0.0


def locust_figures(prefix):
    """Per request name and per kind (read/write/check): count, failures, p50/p95/p99, rate."""
    rows = list(
        csv.DictReader(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8").splitlines())
    )
    figures = {}
    for row in rows:
        figures[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": _number(row["50%"]),
            "p95_ms": _number(row["95%"]),
            "p99_ms": _number(row["99%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }
    return figures


def peak_window(prefix, seconds=30):
    """Throughput and latency over the last ``seconds`` of the run (the highest load step)."""
    rows = list(
        csv.DictReader(Path(f"{prefix}_stats_history.csv").read_text(encoding="utf-8").splitlines())
    )
    rows = [row for row in rows if row["Name"] == "Aggregated"]
    if not rows:
        return {}
    end = int(rows[-1]["Timestamp"])
    window = [row for row in rows if int(row["Timestamp"]) > end - seconds]
    requests = int(window[-1]["Total Request Count"]) - int(window[0]["Total Request Count"])
    span = max(1, int(window[-1]["Timestamp"]) - int(window[0]["Timestamp"]))
    return {
        "users": int(window[-1]["User Count"]),
        "rps": round(requests / span, 1),
        "p95_ms_at_end": _number(window[-1]["95%"]),
    }


def load_steps(prefix, seconds, steps=6):
    """Throughput and latency at each step of the rising load: the requests completed in the
    step over its length, and the median over the step of Locust's current-window (last 10 s)
    p50 and p95 — what a visitor met at that load, not averaged over the whole run."""
    rows = list(
        csv.DictReader(Path(f"{prefix}_stats_history.csv").read_text(encoding="utf-8").splitlines())
    )
    rows = [row for row in rows if row["Name"] == "Aggregated"]
    if not rows:
        return []
    start = int(rows[0]["Timestamp"])
    length = seconds / steps
    report = []
    for step in range(steps):
        low, high = start + step * length, start + (step + 1) * length
        window = [row for row in rows if low <= int(row["Timestamp"]) < high]
        if len(window) < 2:
            continue
        done = int(window[-1]["Total Request Count"]) - int(window[0]["Total Request Count"])
        span = max(1, int(window[-1]["Timestamp"]) - int(window[0]["Timestamp"]))
        settled = window[len(window) // 3 :]  # after the step's users have arrived

        def median(column, rows_=settled):
            values = sorted(_number(row[column]) for row in rows_)
            return values[len(values) // 2]

        report.append(
            {
                "step": step + 1,
                "users": int(window[-1]["User Count"]),
                "rps": round(done / span, 1),
                "p50_ms": median("50%"),
                "p95_ms": median("95%"),
                "failures": int(window[-1]["Total Failure Count"])
                - int(window[0]["Total Failure Count"]),
            }
        )
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--peak-users", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--skip-data", action="store_true", help="the volume data exists")
    parser.add_argument(
        "--request-log",
        help="also log every request's CPU and wall time to FILE.<worker pid> "
        "(summed up by bench/load/request_costs.py FILE)",
    )
    parser.add_argument(
        "--tasks",
        choices=("database", "immediate"),
        default="database",
        help="background work (index updates, e-mail) as in production: queued in the database "
        "for a `manage.py db_worker` process (default), or run inside each request",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it gets volume data).")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "REDIS_URL": redis_url,
        "DATABASE_CONN_MAX_AGE": "60",
        # visitors come through a proxy that tells their address (rate limits count per address)
        "TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(ROOT),
        "TASKS_BACKEND": args.tasks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.skip_data:
        print("Data:", flush=True)
        manage("migrate", "--noinput", env=env)
        manage("load_demo_content", "--quiet-logins", env=env)
        manage("agreements_volume_data", "--count", "1000", "--seed", "1", env=env)
        manage("build_partner_volume", "--count", "10000", "--seed", "1", env=env)
        manage("events_volume_data", "--count", "5000", "--seed", "1", env=env)
    # fresh planner statistics: right after a bulk load PostgreSQL guesses a handful of live
    # pages instead of thousands and picks nested loops over every occurrence (97 ms → 6 ms)
    manage(
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
        env=env,
    )
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    subprocess.run([sys.executable, str(LOAD / "prepare.py")], cwd=ROOT, env=env, check=True)
    fixture = RESULTS / "load_fixture.json"
    writers_log = RESULTS / "load_writers.json"
    prefix = str(RESULTS / "load_test")

    app = "portal.wsgi"
    if args.request_log:
        app = "request_log:application"
        for old_log in Path(args.request_log).parent.glob(Path(args.request_log).name + ".*"):
            old_log.unlink()
        env = {
            **env,
            "REQUEST_LOG": str(Path(args.request_log).resolve()),
            "PYTHONPATH": f"{ROOT}{os.pathsep}{LOAD}",
        }
    server, base = serve(env, args.workers, args.threads, app)
    worker = None
    if args.tasks == "database":  # production's background worker, on the same two cores
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    load_before = load_average()
    samples = []
    try:
        publisher = subprocess.Popen(
            [sys.executable, str(LOAD / "publisher.py"), base, str(args.seconds - 5), str(fixture)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        locust = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOAD / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--csv",
                prefix,
                "--csv-full-history",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "LOAD_FIXTURE": str(fixture),
                "LOAD_OUTPUT": str(writers_log),
                "LOAD_SECONDS": str(args.seconds),
                "LOAD_PEAK_USERS": str(args.peak_users),
            },
        )
        while locust.poll() is None:
            samples.append(load_average()[0])
            time.sleep(10)
        publishing = json.loads(publisher.communicate()[0].strip().splitlines()[-1])
        checks = subprocess.run(
            [sys.executable, str(LOAD / "verify.py"), base, str(fixture), str(writers_log)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        verified = json.loads(checks.stdout.strip().splitlines()[-1])
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)

    figures = locust_figures(prefix)
    total = figures.get("Aggregated", {})
    result = {
        "machine": machine(),
        "workers": args.workers,
        "threads": args.threads,
        "tasks": args.tasks,
        "seconds": args.seconds,
        "peak_users": args.peak_users,
        "load_average_before": load_before,
        "load_average_samples": samples,
        "total": total,
        "peak": peak_window(prefix),
        "steps": load_steps(prefix, args.seconds),
        "by_name": figures,
        "publishing": publishing,
        "checks": verified,
    }
    (RESULTS / "load_test.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\nMachine: {result['machine']}; load average before {load_before}, during {samples}")
    print(f"{'request':32} {'n':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'rps':>6}")
    for name, row in sorted(figures.items()):
        print(
            f"{name:32} {row['requests']:7} {row['failures']:5} {row['p50_ms']:6.0f} "
            f"{row['p95_ms']:6.0f} {row['p99_ms']:6.0f} {row['rps']:6.1f}"
        )
    print("Peak (last 30 s):", result["peak"])
    print("By load step (rps; median of the 10-s window p50/p95 once the step has settled):")
    for step in result["steps"]:
        print(
            f"  step {step['step']}: {step['users']:4} users {step['rps']:7.1f} req/s "
            f"p50 {step['p50_ms']:6.0f} ms p95 {step['p95_ms']:6.0f} ms "
            f"failures {step['failures']}"
        )
    sustained = [step for step in result["steps"] if step["p95_ms"] < 200 and step["failures"] == 0]
    if sustained:
        best = max(sustained, key=lambda step: step["rps"])
        print(
            f"Highest throughput with p95 under 200 ms: {best['rps']} req/s (step {best['step']})"
        )
    print(
        "Publishing:",
        {k: v for k, v in publishing.items() if k != "stale"},
        "stale:",
        len(publishing["stale"]),
    )
    print("Checks:", json.dumps(verified, ensure_ascii=False))
    print("Page cache answers by kind:", json.dumps(verified.get("cache", {})))


if __name__ == "__main__":
    main()
