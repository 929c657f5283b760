"""The calendar speaks the site's filter vocabulary (DESIGN.md): ``form`` with the values plats,
online and hybrid, ``sida`` for the page number; every link it builds uses those words, and the
old ``format``/``page`` and English values answer 301 to the same view in the new words, feeds
included, so shared links and subscribed calendars keep working."""

import html as html_lib
import re

import pytest

from events.factories import make_event

from .ics_parser import events, parse, prop
from .test_filters import spread, titles  # noqa: F401  (the fixture)


def links(html):
    return [html_lib.unescape(href) for href in re.findall(r'href="([^"]*)"', html)]


@pytest.mark.parametrize(
    "old, new",
    [
        ("/kalender/?format=online", "/kalender/?form=online"),
        ("/kalender/?format=onsite&page=2", "/kalender/?form=plats&sida=2"),
        ("/kalender/?form=onsite", "/kalender/?form=plats"),
        ("/kalender/arkiv/?format=hybrid", "/kalender/arkiv/?form=hybrid"),
        ("/kalender/manad/2030/12/?format=onsite", "/kalender/manad/2030/12/?form=plats"),
        ("/kalender/manad/?format=online", "/kalender/manad/?form=online"),
        ("/kalender/kalender.ics?format=online", "/kalender/kalender.ics?form=online"),
        (
            "/kalender/kalender.ics?kommun=leksand&format=onsite",
            "/kalender/kalender.ics?kommun=leksand&form=plats",
        ),
    ],
)
@pytest.mark.django_db
def test_old_names_and_values_redirect_permanently(client, calendar, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.django_db
def test_the_new_words_filter(client, spread):  # noqa: F811
    assert titles(client.get("/kalender/?form=plats")) == {"SFI i Leksand"}
    assert titles(client.get("/kalender/?form=online")) == {"Webbinarium om massflyktsdirektivet"}
    assert titles(client.get("/kalender/?form=hybrid")) == {"Mottagande i Karlskrona"}
    html = client.get("/kalender/?form=plats").content.decode()
    assert '<select name="form"' in html
    assert re.search(r'<option value="plats" selected>[^<]*', html)
    assert 'value="onsite"' not in html


@pytest.mark.django_db
def test_an_unknown_form_is_left_out_with_a_notice(client, spread):  # noqa: F811
    response = client.get("/kalender/?form=teleport&kommun=leksand")
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and "teleport" in html
    assert titles(response) == {"SFI i Leksand"}


@pytest.mark.django_db
def test_every_link_the_list_builds_uses_the_vocabulary(client, calendar, future):
    for n in range(30):
        make_event(calendar, future(2 + n), title=f"Kurs {n}", slug=f"kurs-{n}", format="onsite")
    html = client.get("/kalender/?form=plats").content.decode()
    built = [link for link in links(html) if "form=" in link or "sida=" in link]
    assert any(link.startswith("webcal://") and "kalender.ics?form=plats" in link for link in built)
    assert any(link.startswith("/kalender/kalender.ics?form=plats") for link in built)
    assert any(link.startswith("/kalender/manad/") and "form=plats" in link for link in built)
    assert any(link.startswith("/kalender/arkiv/?form=plats") for link in built)
    assert any("omrade=kalender" in link and "form=plats" in link for link in built)  # Bevaka
    next_page = [link for link in built if "sida=2" in link]
    assert next_page and all("form=plats" in link for link in next_page)
    for link in links(html):
        assert not re.search(r"[?&](format|page)=", link), link
    second = client.get("/kalender/?form=plats&sida=2").content.decode()
    assert "Kurs 25" in second and "Kurs 0<" not in second


@pytest.mark.django_db
def test_month_navigation_and_busy_days_carry_the_vocabulary(client, calendar):
    import datetime

    from events.models.event import STOCKHOLM

    for n in range(6):
        make_event(
            calendar,
            datetime.datetime(2030, 12, 11, 8 + n, 0, tzinfo=STOCKHOLM),
            title=f"Workshop nummer {n}",
            slug=f"workshop-{n}",
        )
    html = client.get("/kalender/manad/2030/12/?form=plats").content.decode()
    built = links(html)
    assert "/kalender/manad/2030/11/?form=plats" in built
    assert "/kalender/manad/2031/1/?form=plats" in built
    busy = [link for link in built if "fran=2030-12-11" in link]
    assert busy and "form=plats" in busy[0]
    for link in built:
        assert not re.search(r"[?&](format|page)=", link), link


@pytest.mark.django_db
def test_a_subscribed_feed_with_the_old_words_still_serves_the_filtered_feed(
    client,
    spread,  # noqa: F811
):
    response = client.get("/kalender/kalender.ics?format=online", follow=True)
    assert response.redirect_chain == [("/kalender/kalender.ics?form=online", 301)]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = parse(response.content)
    assert [prop(event, "SUMMARY")[2] for event in events(calendar)] == [
        "Webbinarium om massflyktsdirektivet"
    ]
    assert prop(calendar, "X-WR-CALNAME")[2].endswith("kalender – digitalt")  # the filter named
