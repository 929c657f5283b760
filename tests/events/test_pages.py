import datetime

from wagtail.models import Page

import pytest

from events.factories import make_event
from events.models import CalendarIndexPage, EventPage
from portal.models import HomePage, Municipality


def test_tree_rules():
    assert CalendarIndexPage.allowed_parent_page_models() == [HomePage]
    assert EventPage.allowed_parent_page_models() == [CalendarIndexPage]
    assert EventPage.allowed_subpage_models() == []
    assert CalendarIndexPage.allowed_subpage_models() == [EventPage]


@pytest.mark.django_db
def test_tree_rules_on_real_pages(calendar, home):
    assert CalendarIndexPage.can_create_at(home) is False  # max_count 1, already exists
    assert EventPage.can_create_at(calendar)
    assert not EventPage.can_create_at(home)
    assert not EventPage.can_create_at(Page.get_first_root_node())


@pytest.mark.django_db
def test_calendar_lists_upcoming_grouped_by_month(client, calendar, future):
    make_event(calendar, future(5), title="Samhällsorientering i praktiken")
    make_event(calendar, future(70), title="SFI och arbetsmarknaden")
    make_event(calendar, future(-40), title="Gammalt seminarium")
    response = client.get("/kalender/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samhällsorientering i praktiken" in html
    assert "SFI och arbetsmarknaden" in html
    assert "Gammalt seminarium" not in html
    assert html.count("<h1") == 1
    archive = client.get("/kalender/arkiv/").content.decode()
    assert "Gammalt seminarium" in archive
    assert "SFI och arbetsmarknaden" not in archive


@pytest.mark.django_db
def test_event_page_shows_course_parts_and_swedish_times(client, calendar):
    from events.models.event import STOCKHOLM

    start = datetime.datetime(2031, 2, 3, 13, 0, tzinfo=STOCKHOLM)
    make_event(calendar, start, sessions=3, title="Kurs i tre delar", slug="kurs")
    html = client.get("/kalender/kurs/").content.decode()
    assert "3 februari 2031" in html
    assert "10 februari 2031" in html
    assert "17 februari 2031" in html
    assert "13:00" in html
    listing = client.get("/kalender/?fran=2031-02-01&till=2031-02-28").content.decode()
    assert "del 1 av 3" in listing and "del 3 av 3" in listing


@pytest.mark.django_db
def test_cancelled_event_and_moved_occurrence_are_shown(client, calendar, future):
    page = make_event(
        calendar,
        future(10),
        title="Inställt seminarium",
        slug="installt",
        status="cancelled",
        cancellation_note="Föreläsaren är sjuk.",
    )
    html = client.get("/kalender/installt/").content.decode()
    assert "inställt" in html.lower()
    assert "Föreläsaren är sjuk." in html
    occurrence = page.occurrences.first()
    occurrence.moved_from = future(3)
    occurrence.save()
    html = client.get("/kalender/installt/").content.decode()
    assert "Flyttad från" in html
    assert "Inställt" in client.get("/kalender/").content.decode()


@pytest.mark.django_db
def test_municipalities_add_their_counties(calendar, future):
    leksand = Municipality.objects.get(code="2029")
    page = make_event(calendar, future(10), municipalities=[leksand])
    assert list(page.counties.values_list("code", flat=True)) == ["20"]


@pytest.mark.django_db
def test_home_page_lists_upcoming_events(client, calendar, future):
    make_event(calendar, future(3), title="Civilsamhällets roll i mottagandet")
    html = client.get("/").content.decode()
    assert "Civilsamhällets roll i mottagandet" in html
