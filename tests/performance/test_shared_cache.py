"""Several workers, one cache: a publish handled by one worker is seen at once by another.

Each "worker" is its own cache client (its own connection to the cache), as each gunicorn
process has. The database cache (used when there is no Redis) always runs; Redis runs when it is
reachable. The last test shows what the shared cache prevents: with each process's own memory,
the other worker keeps serving the old page.
"""

import datetime
import uuid

from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

import pytest

from events import queries as event_queries
from events import views as event_views
from events.factories import CalendarIndexPageFactory, make_event
from events.models.event import STOCKHOLM
from portal.factories import StandardPageFactory
from portal.page_cache import HEADER

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_reachable():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:
        return False
    return True


def database_cache():
    return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "perf_cache"}


def redis_cache():
    return {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"perf-test-{uuid.uuid4().hex}",
    }


def two_workers(settings, config, config_b=None):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "worker_a": config,
        "worker_b": config_b or dict(config),
    }
    if config["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", "perf_cache", verbosity=0)
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    assert caches["worker_a"] is not caches["worker_b"]

    def as_worker(name):
        settings.PORTAL_PAGE_CACHE_ALIAS = f"worker_{name}"

    return as_worker


BACKENDS = [
    pytest.param(database_cache, id="database"),
    pytest.param(
        redis_cache,
        id="redis",
        marks=pytest.mark.skipif(not redis_reachable(), reason=f"no Redis at {REDIS_URL}"),
    ),
]


@pytest.mark.parametrize("config", BACKENDS)
def test_a_publish_in_one_worker_is_seen_by_the_other_at_once(
    settings, home, config, django_capture_on_commit_callbacks
):
    as_worker = two_workers(settings, config())
    page = StandardPageFactory(parent=home, title="Om portalen", slug="om")
    as_worker("b")
    Client().get("/om/")
    assert Client().get("/om/")[HEADER] == "hit"
    as_worker("a")
    page.title = "Om Samverkansportalen"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    as_worker("b")
    response = Client().get("/om/")
    assert response[HEADER] == "miss"
    assert "Om Samverkansportalen" in response.content.decode()
    caches["worker_a"].clear()


@pytest.mark.parametrize("config", BACKENDS)
def test_the_calendar_feed_is_fresh_in_every_worker_after_a_publish(
    settings, home, config, monkeypatch, django_capture_on_commit_callbacks
):
    """The feed keeps its own cache (events.views), keyed by the calendar's content version:
    both must live in the shared cache, or the other worker serves the old feed."""
    two_workers(settings, config())
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # the feed's own cache only

    def as_worker(name):
        for module in (event_views, event_queries):
            monkeypatch.setattr(module, "cache", caches[f"worker_{name}"])

    calendar = CalendarIndexPageFactory(parent=home)
    start = datetime.datetime.now(tz=STOCKHOLM) + datetime.timedelta(days=20)
    event = make_event(calendar, start, title="Samråd om bosättning", slug="samrad", live=False)
    as_worker("b")
    assert "Samråd om bosättning" not in Client().get("/kalender/kalender.ics").content.decode()
    as_worker("a")
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    as_worker("b")
    for _ in range(3):
        assert "Samråd om bosättning" in Client().get("/kalender/kalender.ics").content.decode()
    caches["worker_a"].clear()


def test_with_each_process_s_own_memory_the_other_worker_stays_stale(
    settings, home, django_capture_on_commit_callbacks
):
    """The failure the shared cache prevents, shown with the old set-up (LocMem per process)."""
    memory = "django.core.cache.backends.locmem.LocMemCache"
    as_worker = two_workers(
        settings, {"BACKEND": memory, "LOCATION": "a"}, {"BACKEND": memory, "LOCATION": "b"}
    )
    page = StandardPageFactory(parent=home, title="Om portalen", slug="om")
    as_worker("b")
    Client().get("/om/")
    as_worker("a")
    page.title = "Om Samverkansportalen"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    as_worker("b")
    assert "Om Samverkansportalen" not in Client().get("/om/").content.decode()
