import datetime
import threading

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

import pytest

from events.factories import make_event
from events.models import Signup
from portal.models import Municipality, TargetGroup


def build(calendar, count, start_index, future):
    municipalities = list(Municipality.objects.filter(county__code__in=["20", "10"])[:6])
    groups = list(TargetGroup.objects.all()[:2])
    for n in range(start_index, start_index + count):
        make_event(
            calendar,
            future(2 + n % 25, hour=9 + n % 8),
            sessions=1 + n % 3,
            title=f"Evenemang {n}",
            slug=f"evenemang-{n}",
            municipalities=municipalities[n % 3 : n % 3 + 2],
            target_groups=groups[: n % 2 + 1],
            topics=[f"ämne {n % 4}", "samverkan"],
            format=["onsite", "online", "hybrid"][n % 3],
        )


def count_queries(client, url):
    from django.core.cache import cache

    client.get(url)  # first requests fill per-process caches (site root paths and the like)
    cache.clear()  # count the uncached path, facet counts included
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


URLS = [
    "/kalender/",
    "/kalender/?lan=dalarna&form=plats",
    "/kalender/kalender.ics",
    "/kalender/kalender.ics?amne=samverkan",
    "/kalender/arkiv/",
]


@pytest.mark.django_db
def test_calendar_month_and_feed_keep_constant_queries(client, calendar, future):
    build(calendar, 10, 0, future)
    month = future(10)
    urls = URLS + [f"/kalender/manad/{month.year}/{month.month}/"]
    small = {url: count_queries(client, url) for url in urls}
    build(calendar, 490, 10, future)
    large = {url: count_queries(client, url) for url in urls}
    assert small == large
    print("query counts (10 and 500 events):", small)


# (first render after a change, repeat render): the first counts the occurrences, reads the
# used topics, builds the filter component with its counts and reads the site's menu and footer;
# a repeat reads them from the cache (events.queries.cached, portal.context_processors). Before
# the cache a repeat cost 28, 30, 23 and 23 queries; before the list read rows and the chrome
# was kept, the bounds were (28, 16), (30, 17), (23, 11) and (23, 12). The list and the archive
# read which events a page shows before what they show of them (one query more), so that the
# page cache can purge only the pages showing an event that gets a new title.
BOUNDS = {
    "/kalender/": (28, 13),
    "/kalender/?lan=dalarna&form=plats": (30, 14),
    "/kalender/arkiv/": (24, 9),
    "month": (23, 9),
}


def count_repeat(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.django_db
def test_calendar_pages_stay_within_their_query_bounds(client, calendar, future):
    build(calendar, 30, 0, future)
    month = future(10)
    for name, (first_bound, repeat_bound) in BOUNDS.items():
        url = f"/kalender/manad/{month.year}/{month.month}/" if name == "month" else name
        assert count_queries(client, url) <= first_bound, url
        assert count_repeat(client, url) <= repeat_bound, url


@pytest.mark.django_db
def test_event_page_keeps_constant_queries(client, calendar, event):
    small = count_queries(client, event.url)
    for n in range(30):
        Signup.objects.create(
            event=event,
            name=f"P{n}",
            email=f"p{n}@example.se",
            employer="X",
            status="waiting" if n > 1 else "confirmed",
        )
    assert count_queries(client, event.url) == small


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_signups_for_ten_places(site_basics):
    from django.core import mail

    from events.factories import CalendarIndexPageFactory
    from events.models.event import STOCKHOLM
    from events.services import SignupRefused, sign_up
    from portal.factories import make_site

    home = make_site()
    calendar = CalendarIndexPageFactory(parent=home)
    start = datetime.datetime.now(tz=STOCKHOLM) + datetime.timedelta(days=20)
    event = make_event(calendar, start, slug="populart", signup_enabled=True, capacity=10)
    barrier = threading.Barrier(50)
    errors = []

    def worker(n):
        try:
            barrier.wait(timeout=30)
            sign_up(event, name=f"Person {n}", email=f"p{n}@example.se", employer="Kommunen")
        except SignupRefused as refused:  # pragma: no cover - would be a bug
            errors.append(refused)
        except Exception as error:  # pragma: no cover
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Signup.objects.filter(event=event, status="confirmed").count() == 10
    assert Signup.objects.filter(event=event, status="waiting").count() == 40
    assert len(mail.outbox) == 50


@pytest.mark.django_db
def test_my_calendar_and_personal_feed_keep_constant_queries(
    client, django_user_model, calendar, future
):
    from events.models import PersonalCalendar

    user = django_user_model.objects.create_user("karin", "karin@example.se", "pw")
    token = PersonalCalendar.for_user(user).token

    def sign_up_for(start, count):
        for n in range(start, start + count):
            page = make_event(
                calendar, future(2 + n), sessions=1 + n % 3, slug=f"e-{n}", title=f"E {n}"
            )
            Signup.objects.create(
                event=page, user=user, name="Karin", email="karin@example.se", employer="X"
            )

    sign_up_for(0, 2)
    client.force_login(user)
    urls = ["/mina-sidor/kalender/", f"/mina-sidor/kalender/{token}.ics", "/mina-sidor/"]
    small = {url: count_queries(client, url) for url in urls}
    sign_up_for(2, 20)
    assert {url: count_queries(client, url) for url in urls} == small
