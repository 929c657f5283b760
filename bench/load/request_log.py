"""The portal's WSGI application with one line per request: when it started, the CPU time the
request's thread spent and its wall time (ms), status, page-cache answer, method and URL.

``bench/load_test.py --request-log FILE`` serves this instead of ``portal.wsgi`` and writes
one file per worker (FILE.<pid>); ``bench/load/request_costs.py FILE`` sums them up by kind.
Thread CPU time is what this request cost the machine, whatever else was running; wall time
includes waiting for the database, Redis, the GIL and the cores.
"""

import os
import threading
import time

from portal.wsgi import application as portal_application

_LOG = open(  # noqa: SIM115 - one file per worker, open for its life
    f"{os.environ['REQUEST_LOG']}.{os.getpid()}", "a", buffering=1, encoding="utf-8"
)
_LOCK = threading.Lock()


def application(environ, start_response):
    started, cpu, wall = time.time(), time.thread_time(), time.perf_counter()
    answer = {}

    def noting(status, headers, exc_info=None):
        answer["status"] = status.split()[0]
        answer["cache"] = next((v for k, v in headers if k.lower() == "x-portal-cache"), "-")
        return start_response(status, headers, exc_info)

    result = portal_application(environ, noting)
    cpu_ms = (time.thread_time() - cpu) * 1000
    wall_ms = (time.perf_counter() - wall) * 1000
    query = environ.get("QUERY_STRING", "")
    url = environ["PATH_INFO"] + (f"?{query}" if query else "")
    with _LOCK:
        _LOG.write(
            f"{started:.3f} {cpu_ms:.2f} {wall_ms:.2f} {answer.get('status')} "
            f"{answer.get('cache')} {environ['REQUEST_METHOD']} {url}\n"
        )
    return result
