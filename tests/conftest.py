"""Fixtures every test folder shares."""

import contextlib

from django.conf import settings
from django.db import transaction

import pytest


@pytest.fixture
def home(db):
    """The site's home page, as a fresh HomePage at the default site's root."""
    from portal.factories import make_site

    return make_site()


def load_demo():
    import io

    from django.core.management import call_command

    output = io.StringIO()
    call_command("load_demo_content", "--quiet-logins", stdout=output)
    return output.getvalue()


@pytest.fixture
def demo_content(db):
    """The whole demo site, as `make demo` loads it."""
    return load_demo()


@pytest.fixture
def site_basics(transactional_db):
    """For transactional tests: the flush between them removes the rows data migrations
    made (counties, municipalities, target groups, Wagtail's locale and root page)."""
    from portal.reference_data import ensure_site_basics

    ensure_site_basics()


@pytest.fixture
def on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    on_pg = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run")
    for item in items:
        if "postgres" in item.keywords and not on_pg:
            item.add_marker(skip_pg)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: rate-limit counters and cached pages from an
    earlier test must not decide this one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@contextlib.contextmanager
def module_data(django_db_blocker, builder):
    """``builder()``'s data for one module-scoped fixture, rolled back afterwards, so that a
    folder can build expensive data once without leaving it for the next folder."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = builder()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
