"""The calendar list keeps its occurrence count and the topic filter's options in the cache
(events.queries.cached_count / cached_used_topics) under the calendar's content version: a
repeat render reads neither, and a publish, unpublish or cancellation shows at once."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.factories import make_event
from events.models import EventPage


def render(client, url="/kalender/"):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in context.captured_queries]


def reads_topics(sql):
    """The filter's topic options (events.forms.used_topics), not the shown events' topics."""
    return any('FROM "taggit_tag" WHERE' in query and "events_eventtopic" in query for query in sql)


def counts_occurrences(sql):
    return any(
        query.startswith("SELECT COUNT(*)") and "events_eventoccurrence" in query for query in sql
    )


@pytest.fixture
def listed(calendar, future):
    return make_event(
        calendar, future(10), title="Språkcafé för handledare", topics=["handledning"], publish=True
    )


@pytest.mark.django_db
def test_repeat_render_reads_neither_count_nor_topics(client, listed):
    first, first_sql = render(client)
    assert reads_topics(first_sql) and counts_occurrences(first_sql)
    again, again_sql = render(client)
    assert not reads_topics(again_sql)
    assert not counts_occurrences(again_sql)
    assert "1 tillfälle" in again and 'value="handledning"' in again
    assert len(again_sql) < len(first_sql)


@pytest.mark.django_db
def test_published_event_counts_and_offers_its_topic_at_once(client, calendar, future, listed):
    render(client)
    make_event(
        calendar, future(12), title="Flyktingguider i Leksand", topics=["mentorskap"], publish=True
    )
    html, _sql = render(client)
    assert "2 tillfällen" in html
    assert "Flyktingguider i Leksand" in html
    assert 'value="mentorskap"' in html


@pytest.mark.django_db
def test_unpublished_event_leaves_count_and_topics_at_once(client, calendar, future, listed):
    other = make_event(
        calendar, future(12), title="Flyktingguider i Leksand", topics=["mentorskap"], publish=True
    )
    before, _sql = render(client)
    assert "2 tillfällen" in before and 'value="mentorskap"' in before
    other.unpublish()
    html, _sql = render(client)
    assert "1 tillfälle" in html
    assert "Flyktingguider i Leksand" not in html
    assert 'value="mentorskap"' not in html


@pytest.mark.django_db
def test_cancelled_event_shows_cancelled_at_once(client, listed):
    before, _sql = render(client)
    assert "Inställt" not in before
    listed.status = "cancelled"
    listed.save_revision().publish()
    html, _sql = render(client)
    assert "Inställt" in html
    assert "1 tillfälle" in html


@pytest.mark.django_db
def test_filtered_counts_are_kept_per_filter_set(client, calendar, future, listed):
    make_event(calendar, future(12), title="Webbinarium om SFI", format="online", publish=True)
    everything, _sql = render(client)
    online, _sql = render(client, "/kalender/?form=online")
    assert "2 tillfällen" in everything
    assert "1 tillfälle" in online and "Webbinarium om SFI" in online
    assert "Språkcafé för handledare" not in online


@pytest.mark.django_db
def test_kept_filter_component_still_says_which_value_was_left_out(client, listed):
    first, _sql = render(client, "/kalender/?amne=finns-inte")
    again, again_sql = render(client, "/kalender/?amne=finns-inte")
    assert "finns-inte" in again and "Språkcafé för handledare" in again
    assert not any("GROUP BY" in query for query in again_sql)  # no facet counts built again
    plain, _sql = render(client)
    assert "finns-inte" not in plain


def month_url(event):
    start = event.occurrences.first().local_start
    return f"/kalender/manad/{start.year}/{start.month}/"


@pytest.mark.django_db
def test_month_grid_is_kept_and_shows_a_change_at_once(client, calendar, future, listed):
    url = month_url(listed)
    first, first_sql = render(client, url)
    assert "Språkcafé för handledare" in first and "1 tillfälle" in first
    again, again_sql = render(client, url)
    assert "Språkcafé för handledare" in again
    assert not any("events_eventoccurrence" in query for query in again_sql)
    listed.title = "Språkcafé för mentorer"
    listed.save_revision().publish()
    html, _sql = render(client, url)
    assert "Språkcafé för mentorer" in html and "Språkcafé för handledare" not in html
    listed.status = "cancelled"
    listed.save_revision().publish()
    assert "Inställt" in render(client, url)[0]
    listed.unpublish()
    assert "Språkcafé för mentorer" not in render(client, url)[0]


def facet_counting(sql):
    return [query for query in sql if "GROUP BY" in query and "events_eventoccurrence" in query]


@pytest.mark.django_db
def test_a_new_title_keeps_counts_filters_and_other_months_and_shows_at_once(
    client, calendar, future, listed
):
    later = make_event(calendar, future(75), title="Flyktingguider i Leksand", publish=True)
    for url in ("/kalender/", month_url(listed), month_url(later)):
        render(client, url)
    listed.title = "Språkcafé för mentorer"
    listed.save_revision().publish()
    html, sql = render(client)
    assert "Språkcafé för mentorer" in html and "Språkcafé för handledare" not in html
    # what a title cannot change is still kept: the count, the topics, the facet counts
    assert not counts_occurrences(sql) and not reads_topics(sql) and not facet_counting(sql)
    month, _sql = render(client, month_url(listed))
    assert "Språkcafé för mentorer" in month and "Språkcafé för handledare" not in month
    other_month, other_sql = render(client, month_url(later))
    assert "Flyktingguider i Leksand" in other_month
    assert not any("events_eventoccurrence" in query for query in other_sql)


@pytest.mark.django_db
def test_a_session_moved_to_another_month_leaves_the_old_month_at_once(
    client, calendar, future, listed
):
    old_url = month_url(listed)
    render(client, "/kalender/?form=plats")
    assert "Språkcafé för handledare" in render(client, old_url)[0]
    sessions = list(listed.occurrences.all())
    for session in sessions:
        session.start += datetime.timedelta(days=65)
        session.end += datetime.timedelta(days=65)
    listed.occurrences = sessions
    listed.save_revision().publish()
    listed = EventPage.objects.get(pk=listed.pk)
    assert month_url(listed) != old_url
    assert "Språkcafé för handledare" not in render(client, old_url)[0]
    assert "Språkcafé för handledare" in render(client, month_url(listed))[0]


@pytest.mark.django_db
def test_a_new_topic_is_offered_at_once(client, listed):
    render(client)
    listed.topics.add("mentorskap")
    listed.save_revision().publish()
    html, _sql = render(client)
    assert 'value="mentorskap"' in html
