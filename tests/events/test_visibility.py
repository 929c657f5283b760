"""One definition of what the public may see (events.queries.public_events), used by every
surface of the calendar: restricted, unpublished and expired events appear on none of them."""

import datetime

from django.core import mail
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from events.factories import make_event
from events.models import EventPage
from events.queries import public_events

from .ics_parser import events, parse, prop
from .test_signup import post_signup


@pytest.fixture
def hidden_and_open(calendar, future):
    start = future(8)
    open_event = make_event(
        calendar, start, title="Öppet seminarium", slug="oppet", topics=["öppet"]
    )
    password = make_event(
        calendar, start, title="Lösenordsskyddat möte", slug="losen", topics=["hemligt-amne"]
    )
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    login = make_event(calendar, start, title="Endast inloggade", slug="inloggad")
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    draft = make_event(calendar, start, title="Opublicerat utkast", slug="utkast")
    Page.objects.filter(pk=draft.pk).update(live=False)
    expired = make_event(calendar, start, title="Utgånget evenemang", slug="utganget")
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return open_event, [
        "Lösenordsskyddat möte",
        "Endast inloggade",
        "Opublicerat utkast",
        "Utgånget evenemang",
    ]


@pytest.mark.django_db
def test_hidden_events_are_absent_from_every_surface(client, django_user_model, hidden_and_open):
    open_event, hidden = hidden_and_open
    month = open_event.first_occurrence.local_start
    html_surfaces = [
        "/",
        "/kalender/",
        "/kalender/?form=plats",
        "/kalender/?amne=hemligt-amne",
        f"/kalender/manad/{month.year}/{month.month}/",
        f"/kalender/manad/{month.year}/{month.month}/?form=plats",
    ]
    feeds = ["/kalender/kalender.ics", "/kalender/kalender.ics?form=plats"]
    # a logged-in visitor is no reason to list a login-restricted page in public lists and feeds
    user = django_user_model.objects.create_user("besok", "besok@example.se", "x")
    for logged_in in (False, True):
        if logged_in:
            client.force_login(user)
        for url in html_surfaces:
            html = client.get(url).content.decode()
            assert all(title not in html for title in hidden), url
            assert 'value="hemligt-amne"' not in html, url  # not even its topic as an option
        for url in ["/", "/kalender/", f"/kalender/manad/{month.year}/{month.month}/"]:
            assert "Öppet seminarium" in client.get(url).content.decode(), url
        for url in feeds:
            summaries = [prop(e, "SUMMARY")[2] for e in events(parse(client.get(url).content))]
            assert summaries == ["Öppet seminarium"], url
    assert list(public_events().values_list("title", flat=True)) == ["Öppet seminarium"]


@pytest.mark.django_db
def test_restricted_event_pages_ask_for_the_password(client, hidden_and_open):
    response = client.get("/kalender/losen/")
    assert "Lösenordsskyddat möte" not in response.content.decode()
    assert "Lösenordsskyddat" not in client.get("/kalender/losen/ics/").content.decode()
    assert client.get("/kalender/inloggad/ics/").status_code == 302


@pytest.mark.django_db
def test_online_link_sent_to_participants_is_not_public(client, calendar, future):
    link = "https://moten.example.se/hemlig-lank"
    private = make_event(
        calendar,
        future(9),
        slug="webbinarium",
        format="online",
        online_url=link,
        signup_enabled=True,
        capacity=1,
    )
    public = make_event(
        calendar,
        future(9),
        slug="oppen-sandning",
        format="online",
        online_url="https://moten.example.se/oppen",
    )
    page = client.get(private.url).content.decode()
    assert link not in page
    assert "skickas till alla med en bekräftad plats" in page
    assert link not in client.get(private.url + "ics/").content.decode()
    feed = client.get("/kalender/kalender.ics").content.decode()
    assert link not in feed.replace("\r\n ", "")
    assert "https://moten.example.se/oppen" in feed.replace("\r\n ", "")
    assert "https://moten.example.se/oppen" in client.get(public.url).content.decode()

    post_signup(client, private.url, "forst@example.se")
    post_signup(client, private.url, "vantar@example.se")
    confirmed, waiting = mail.outbox
    assert link in confirmed.body
    assert link in confirmed.attachments[0][1].replace("\r\n ", "")
    assert link not in waiting.body and not waiting.attachments


@pytest.mark.django_db
def test_editor_can_make_the_link_public(client, calendar, future):
    link = "https://moten.example.se/alla"
    make_event(
        calendar,
        future(9),
        slug="alla",
        format="online",
        online_url=link,
        signup_enabled=True,
        online_url_participants_only=False,
    )
    assert link in client.get("/kalender/alla/").content.decode()
    assert EventPage.objects.get(slug="alla").public_online_url == link
