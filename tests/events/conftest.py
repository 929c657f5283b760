import datetime

import pytest

from events.factories import CalendarIndexPageFactory, make_event
from events.models.event import STOCKHOLM


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Facet counts are cached briefly; every test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def calendar(home):
    return CalendarIndexPageFactory(parent=home)


@pytest.fixture
def future():
    """A Stockholm wall-clock time well after 'now' (tests must not depend on today's date)."""

    def at(days=30, hour=9, minute=0):
        today = datetime.datetime.now(tz=STOCKHOLM).date()
        day = today + datetime.timedelta(days=days)
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)

    return at


@pytest.fixture
def event(calendar, future):
    return make_event(
        calendar,
        future(30),
        title="Traumamedvetet bemötande",
        slug="trauma",
        signup_enabled=True,
        capacity=2,
    )
