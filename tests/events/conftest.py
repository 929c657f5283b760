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


@pytest.fixture
def member(django_user_model):
    from partners.models import Membership, Organisation

    user = django_user_model.objects.create_user("lena", "lena@example.se", "x")
    organisation = Organisation.objects.create(
        name="Röda Korset Leksand",
        slug="roda-korset-leksand",
        org_number="802002-4280",
        status=Organisation.Status.VERIFIED,
    )
    Membership.objects.create(user=user, organisation=organisation, role="owner")
    return user, organisation
