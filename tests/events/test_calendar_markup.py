"""What a visitor reads in the calendar list's cards and the month grid's days (built in Python
by events_tags for speed): each fact of an occurrence, in Swedish and in English."""

import datetime

import pytest

from events.factories import make_event
from events.models.event import STOCKHOLM
from portal.models import Municipality


def card_of(html, title):
    start = html.index(f">{title}</a>")
    return html[html.rindex('<li class="card">', 0, start) : html.index("</li>", start)]


@pytest.mark.django_db
def test_a_card_says_part_time_form_place_organiser_moves_municipalities_and_topics(
    client, calendar, future
):
    leksand = Municipality.objects.get(code="2029")
    course = make_event(
        calendar,
        future(40, hour=9),
        sessions=3,
        title="Kurs i samhällsorientering",
        slug="kurs",
        format="hybrid",
        venue="Folkets hus",
        summary="Tre träffar <om> metod.",
        municipalities=[leksand],
        topics=["metodstöd"],
    )
    second = course.occurrence_list[1]
    second.moved_from = datetime.datetime(2030, 1, 7, 13, 0, tzinfo=STOCKHOLM)
    second.cancelled = True
    second.save()
    html = client.get("/kalender/").content.decode()
    card = card_of(html, "Kurs i samhällsorientering")
    assert '<a href="/kalender/kurs/">Kurs i samhällsorientering</a>' in card
    assert "(del 1 av 3)" in card
    assert "09:00</time>–<time" in card and "12:00</time>" in card
    assert "· Hybrid (på plats och digitalt), Folkets hus" in card
    assert "· Länsstyrelsen Dalarna" in card
    assert "<p>Tre träffar &lt;om&gt; metod.</p>" in card
    assert 'Kommuner: <a href="/kommuner/leksand/">Leksand</a>' in card
    assert "Ämnen: metodstöd" in card
    moved = html[html.index("(del 2 av 3)") :]
    moved = moved[: moved.index("</li>")]
    assert "Flyttad från 7 januari 2030 13:00" in moved
    assert 'class="badge badge--error">Inställt' in moved

    client.cookies["django_language"] = "en"
    english = card_of(client.get("/kalender/").content.decode(), "Kurs i samhällsorientering")
    assert "(part 1 of 3)" in english and "Municipalities:" in english and "Topics:" in english


@pytest.mark.django_db
def test_an_all_day_card_gives_its_dates(client, calendar, future):
    page = make_event(calendar, future(20), title="Regional konferens", slug="konferens")
    occurrence = page.occurrence_list[0]
    first = occurrence.start.astimezone(STOCKHOLM).date()
    occurrence.all_day = True
    occurrence.start = datetime.datetime.combine(first, datetime.time(0), tzinfo=STOCKHOLM)
    occurrence.end = occurrence.start + datetime.timedelta(days=2)
    occurrence.save()
    card = card_of(client.get("/kalender/").content.decode(), "Regional konferens")
    last = first + datetime.timedelta(days=1)
    assert f'<time datetime="{first.isoformat()}">' in card
    assert f'–<time datetime="{last.isoformat()}">' in card
    assert "(heldag)" in card


@pytest.mark.django_db
def test_month_grid_marks_today_lists_four_a_day_and_links_to_the_rest(client, calendar):
    today = datetime.datetime.now(tz=STOCKHOLM).date()
    for hour in range(8, 14):
        start = datetime.datetime.combine(today, datetime.time(hour), tzinfo=STOCKHOLM)
        make_event(
            calendar,
            start,
            hours=1,
            title=f"Pass {hour}",
            slug=f"pass-{hour}",
            status="cancelled" if hour == 8 else "scheduled",
        )
    html = client.get(f"/kalender/manad/{today.year}/{today.month}/?form=plats").content.decode()
    cell = html[html.index('aria-current="date"') :]
    cell = cell[: cell.index("</td>")]
    assert '<span class="month-grid__today-label">i dag</span>' in cell
    assert f'<time datetime="{today.isoformat()}">' in cell
    assert (
        '<a href="/kalender/pass-8/">08:00 Pass 8</a> '
        '<span class="badge badge--error">Inställt</span>' in cell
    )
    assert cell.count("<li>") == 4 and "Pass 12" not in cell
    day = today.isoformat()
    assert f'href="/kalender/?form=plats&amp;fran={day}&amp;till={day}"' in cell
    assert '2 tillfällen till<span class="visually-hidden"> den här dagen</span>' in cell
