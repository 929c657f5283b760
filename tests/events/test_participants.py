"""What participants see of their own: the confirmation where the form was, a cancelled event
that says so, attendance marked by staff and the certificate it earns, and a personal calendar
on Mina sidor with a secret, revocable address."""

import re

from django.core import mail

import pytest

from events.factories import SignupFactory, make_event
from events.models import Attendance, PersonalCalendar, Signup

from .ics_parser import events, parse, prop, unescape
from .test_signup import post_signup


@pytest.mark.django_db
def test_the_confirmation_replaces_the_form_and_takes_focus(client, event):
    response = post_signup(client, event.url, "karin@example.se")
    assert response.status_code == 302
    assert response["Location"].endswith("/kalender/trauma/#anmalan-bekraftelse")
    html = client.get(response["Location"]).content.decode()
    section = html.split('id="anmalan"', 1)[1].split("</section>", 1)[0]
    assert 'id="anmalan-bekraftelse"' in section and "data-focus-on-load" in section
    assert 'tabindex="-1"' in section
    assert "Din plats är bekräftad" in section
    assert "<form" not in section  # no empty form under it, inviting a second sign-up
    assert "Din plats är bekräftad" not in html.split('id="anmalan"', 1)[0]  # not off-screen
    # shown once: the next visit has the form again
    again = client.get(event.url).content.decode()
    assert "Din plats är bekräftad" not in again and 'name="email"' in again


@pytest.mark.django_db
def test_a_cancelled_event_shows_cancelled_and_no_places_or_form(client, calendar, future):
    make_event(
        calendar,
        future(10),
        slug="installt",
        signup_enabled=True,
        capacity=13,
        status="cancelled",
    )
    html = client.get("/kalender/installt/").content.decode()
    section = html.split('id="anmalan"', 1)[1].split("</section>", 1)[0]
    assert "Inställt" in section
    assert "platser kvar" not in html and "13" not in section
    assert "<form" not in section


# --- attendance and certificates -------------------------------------------------------------


@pytest.fixture
def course_with_participants(calendar, future):
    page = make_event(
        calendar, future(-20), sessions=2, slug="kurs", title="Kurs i SO", signup_enabled=True
    )
    there = SignupFactory(event=page, name="Karin Berg", email="karin@example.se")
    half = SignupFactory(event=page, name="Omar Ali", email="omar@example.se")
    return page, there, half


@pytest.mark.django_db
def test_staff_mark_attendance_per_session(admin_client, course_with_participants):
    page, there, half = course_with_participants
    first, second = page.occurrence_list
    url = f"/admin/events/{page.pk}/attendance/"
    html = admin_client.get(url).content.decode()
    assert "Karin Berg" in html and "Omar Ali" in html
    response = admin_client.post(
        url,
        {
            "present": [
                f"{there.pk}:{first.pk}",
                f"{there.pk}:{second.pk}",
                f"{half.pk}:{first.pk}",
                "junk",
                f"{there.pk}:999999",
            ]
        },
    )
    assert response.status_code == 302
    assert set(Attendance.objects.values_list("signup_id", "occurrence_id")) == {
        (there.pk, first.pk),
        (there.pk, second.pk),
        (half.pk, first.pk),
    }
    html = admin_client.get(url).content.decode()
    assert html.count("checked") == 3
    # unticking removes
    admin_client.post(url, {"present": [f"{there.pk}:{first.pk}", f"{there.pk}:{second.pk}"]})
    assert Attendance.objects.count() == 2
    # the event's header links to it
    assert url in admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


@pytest.mark.django_db
def test_attendance_needs_edit_permission(client, django_user_model, course_with_participants):
    page, _there, _half = course_with_participants
    user = django_user_model.objects.create_user("x", "x@example.se", "x")
    client.force_login(user)
    assert client.get(f"/admin/events/{page.pk}/attendance/").status_code in (302, 403)


@pytest.mark.django_db
def test_certificate_for_those_at_every_session_from_their_manage_link(
    client, course_with_participants
):
    page, there, half = course_with_participants
    first, second = page.occurrence_list
    Attendance.objects.create(signup=there, occurrence=first)
    Attendance.objects.create(signup=there, occurrence=second)
    Attendance.objects.create(signup=half, occurrence=first)
    manage = client.get(f"/kalender/kurs/avboka/{there.cancel_token()}/").content.decode()
    link = re.search(r'href="(/kalender/kurs/intyg/[^"]+/)"', manage).group(1)
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Intyg om deltagande" in html and "Karin Berg" in html and "Kurs i SO" in html
    assert "Sammanlagt 6.0 timmar" in html or "Sammanlagt 6,0 timmar" in html
    assert "no-store" in response["Cache-Control"]
    # half the course: no certificate, no link
    manage = client.get(f"/kalender/kurs/avboka/{half.cancel_token()}/").content.decode()
    assert "/intyg/" not in manage
    assert client.get(f"/kalender/kurs/intyg/{half.cancel_token()}/").status_code == 404
    assert client.get("/kalender/kurs/intyg/1-forged/").status_code == 404


# --- a personal calendar -----------------------------------------------------------------------


@pytest.fixture
def member_with_signups(django_user_model, calendar, future):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("karin", "karin@example.se", "pw")
    EmailAddress.objects.create(user=user, email="karin@example.se", verified=True, primary=True)
    online = make_event(
        calendar,
        future(10),
        slug="webbinarium",
        title="Webbinarium",
        format="online",
        online_url="https://meet.example.se/hemligt",
        signup_enabled=True,
    )
    waiting = make_event(calendar, future(12), slug="fullt", title="Fullt", signup_enabled=True)
    other = make_event(calendar, future(14), slug="annat", title="Annat", signup_enabled=True)
    SignupFactory(event=online, email="karin@example.se", user=user)
    SignupFactory(event=waiting, email="karin@example.se", status="waiting")
    SignupFactory(event=other, email="someone@example.se")
    return user


@pytest.mark.django_db
def test_mina_sidor_lists_my_signups_and_gives_a_private_feed(client, member_with_signups):
    client.force_login(member_with_signups)
    dashboard = client.get("/mina-sidor/").content.decode()
    assert "Webbinarium" in dashboard and "Fullt" in dashboard and "Annat" not in dashboard
    assert "/mina-sidor/kalender/" in dashboard
    page = client.get("/mina-sidor/kalender/").content.decode()
    assert "Webbinarium" in page and "På väntelistan" in page
    client.post("/mina-sidor/kalender/", {"action": "create"})
    token = PersonalCalendar.objects.get(user=member_with_signups).token
    page = client.get("/mina-sidor/kalender/").content.decode()
    assert f"/mina-sidor/kalender/{token}.ics" in page and "webcal://" in page

    client.logout()  # calendar programs cannot log in: the token is the key
    feed = client.get(f"/mina-sidor/kalender/{token}.ics")
    assert feed.status_code == 200 and feed["ETag"]
    assert "private" in feed["Cache-Control"]
    cal = parse(feed.content)
    assert [unescape(prop(e, "SUMMARY")[2]) for e in events(cal)] == ["Webbinarium"]
    assert "meet.example.se/hemligt" in unescape(prop(events(cal)[0], "DESCRIPTION")[2])
    assert prop(cal, "REFRESH-INTERVAL")[2] == "PT1H"
    assert (
        client.get(f"/mina-sidor/kalender/{token}.ics", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code
        == 304
    )

    # revoked: the old address stops working
    client.force_login(member_with_signups)
    client.post("/mina-sidor/kalender/", {"action": "renew"})
    new_token = PersonalCalendar.objects.get(user=member_with_signups).token
    assert new_token != token
    assert client.get(f"/mina-sidor/kalender/{token}.ics").status_code == 404
    assert client.get(f"/mina-sidor/kalender/{new_token}.ics").status_code == 200
    client.post("/mina-sidor/kalender/", {"action": "delete"})
    assert client.get(f"/mina-sidor/kalender/{new_token}.ics").status_code == 404
    assert client.get("/mina-sidor/kalender/not-a-real-token-at-all.ics").status_code == 404


@pytest.mark.django_db
def test_my_calendar_needs_a_login(client):
    response = client.get("/mina-sidor/kalender/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not Signup.objects.exists() and not mail.outbox
