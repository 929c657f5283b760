"""Where the server's CPU went during a load test: the per-request log of
``bench/load_test.py --request-log FILE`` summed by kind of page and page-cache answer.

    .venv/bin/python bench/load/request_costs.py bench/results/requests.log
"""

import sys
from collections import defaultdict
from pathlib import Path

LISTS = ("/overenskommelser/", "/foreningar/", "/foreningar/aktiviteter/", "/kalender/")


def kind(url):
    path = url.partition("?")[0]
    if path.startswith("/sok/"):
        return "search"
    if path.startswith("/kalender/manad/"):
        return "month view"
    if path.endswith(".ics"):
        return "feed"
    if path == "/":
        return "home"
    if path in LISTS:
        return "list " + path
    if path.startswith(("/mina-sidor/", "/konto/")):
        return "signed in"
    return "page"


def main(prefix):
    groups = defaultdict(list)
    files = sorted(Path(prefix).parent.glob(Path(prefix).name + ".*"))
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            _started, cpu, wall, _status, cache, method, url = line.split(" ", 6)
            groups[(kind(url), cache, method)].append((float(cpu), float(wall)))
    total = sum(cpu for rows in groups.values() for cpu, _wall in rows)
    print(f"{len(files)} worker logs, server CPU in requests: {total / 1000:.1f} s")
    print(
        f"{'kind':34} {'cache':7} {'n':>6} {'CPU s':>7} {'share':>6} {'CPU p50':>8} {'wall p50':>9} {'wall p95':>9}"
    )
    for (name, cache, method), rows in sorted(
        groups.items(), key=lambda item: -sum(r[0] for r in item[1])
    ):
        cpus = sorted(cpu for cpu, _wall in rows)
        walls = sorted(wall for _cpu, wall in rows)
        print(
            f"{name + ' ' + method:34} {cache:7} {len(rows):6} {sum(cpus) / 1000:7.1f} "
            f"{100 * sum(cpus) / total:5.1f}% {cpus[len(cpus) // 2]:8.1f} "
            f"{walls[len(walls) // 2]:9.1f} {walls[int(len(walls) * 0.95)]:9.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
