"""Fixtures every test folder shares."""

from django.conf import settings

import pytest


@pytest.fixture
def home(db):
    """The site's home page, as a fresh HomePage at the default site's root."""
    from portal.factories import make_site

    return make_site()


@pytest.fixture
def on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    on_pg = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run")
    for item in items:
        if "postgres" in item.keywords and not on_pg:
            item.add_marker(skip_pg)
