"""The benchmark's volume command: fast bulk paths that still make a valid page tree."""

from django.core.management import call_command

import pytest

from events.models import EventOccurrence, EventPage


@pytest.mark.django_db
def test_volume_data_creates_the_events_it_says_in_a_valid_tree(
    calendar, client, django_assert_max_num_queries
):
    from io import StringIO

    out = StringIO()
    # a batch of events costs a fixed number of statements, not a dozen per event
    with django_assert_max_num_queries(100):
        call_command("events_volume_data", "--count", "30", "--seed", "7", stdout=out)
    assert "Created 30 events" in out.getvalue()
    events = EventPage.objects.child_of(calendar).filter(slug__startswith="volym-7-")
    assert events.count() == 30
    calendar.refresh_from_db()
    assert calendar.numchild == calendar.get_children().count() == 30
    assert all(
        event.url_path == f"{calendar.url_path}{event.slug}/" and event.live for event in events
    )
    every = EventOccurrence.objects.filter(page__in=events)
    assert set(every.values_list("page_id", flat=True)) == set(events.values_list("pk", flat=True))
    assert all(e.municipalities.count() == 2 and e.counties.exists() for e in events[:5])
    assert all(len(e.topics.all()) == 2 for e in events[:5])
    # the pages answer at their addresses, and the public calendar and feed list them
    first = events.order_by("path").first()
    assert first.title in client.get(f"/kalender/{first.slug}/").content.decode()
    assert client.get("/kalender/kalender.ics").content.decode().count("BEGIN:VEVENT") >= 1
    # a re-run adds nothing; a larger count adds only the missing ones, after the others
    out = StringIO()
    call_command("events_volume_data", "--count", "35", "--seed", "7", stdout=out)
    assert "Created 5 events" in out.getvalue() and "(30 were already there)" in out.getvalue()
    calendar.refresh_from_db()
    assert calendar.numchild == 35
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])
