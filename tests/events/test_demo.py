import pytest

from tests.conftest import load_demo


@pytest.mark.django_db
def test_demo_season_shows_every_case_and_loads_idempotently(demo_content, client):
    from events.models import EventPage, Signup

    events = EventPage.objects.live()
    assert events.filter(status="cancelled").count() == 1
    assert any(len(e.occurrence_list) == 3 for e in events.prefetch_related("occurrences"))
    assert Signup.objects.filter(status="waiting").exists()
    assert events.filter(format="online").exists() and events.filter(format="hybrid").exists()
    assert {c.code for e in events for c in e.counties.all()} >= {"20", "10"}
    assert EventPage.objects.filter(live=False, proposed_by__isnull=False).exists()
    assert (
        "Introduktion till regional samverkan i Blekinge"
        in client.get("/kalender/arkiv/").content.decode()
    )
    assert "Done: 0 new objects." in load_demo()


@pytest.mark.django_db
def test_demo_event_moved_after_signup_told_its_participants(demo_content, client):
    from django.core import mail

    from events.models import EventPage

    event = EventPage.objects.live().get(slug="introduktion-for-nya-integrationshandlaggare")
    participants = set(event.signups.active().values_list("email", flat=True))
    assert participants
    page = client.get(event.url).content.decode()
    # the new time, and where it was moved from
    assert 'datetime="2027-02-02T13:00:00+01:00"' in page
    assert "2027-01-26T13:00" not in page
    assert "26 januari 2027 13:00" in page
    # every participant was e-mailed the change, once, with the updated calendar file
    told = [m for m in mail.outbox if m.subject.endswith(f"Ändrat: {event.title}")]
    assert sorted(address for m in told for address in m.to) == sorted(participants)
    assert all("evenemang.ics" in [a[0] for a in m.attachments] for m in told)
    ics = client.get(f"{event.url}ics/").content.decode()
    sequence = int(ics.split("SEQUENCE:")[1].split()[0])
    assert sequence >= 1
    assert "DTSTART;TZID=Europe/Stockholm:20270202T130000" in ics
    # a second run neither moves it again nor e-mails anyone
    sent = len(mail.outbox)
    assert "Done: 0 new objects." in load_demo()
    assert len(mail.outbox) == sent
    assert event.ical_state.__class__.objects.get(page=event).sequence == sequence


@pytest.mark.django_db
def test_demo_past_event_has_attendance_and_a_working_certificate(demo_content, client):
    from events.models import Attendance, EventPage, Signup

    event = EventPage.objects.live().get(slug="ensamkommande-skola-och-socialtjanst")
    attended = Signup.objects.filter(event=event, attendance__isnull=False).distinct()
    assert attended.count() >= 1
    assert Attendance.objects.filter(signup__event=event).exists()
    signup = attended.order_by("pk").first()
    assert signup.attended_every_session()
    response = client.get(f"{event.url}intyg/{signup.cancel_token()}/")
    assert response.status_code == 200
    assert signup.name in response.content.decode()
    absent = Signup.objects.filter(event=event, status="confirmed", attendance__isnull=True)
    assert absent.exists()
    assert client.get(f"{event.url}intyg/{absent.first().cancel_token()}/").status_code == 404


@pytest.mark.django_db
def test_demo_event_asks_questions_and_its_participants_answered(
    demo_content, client, admin_client
):
    from events.models import EventPage, SignupAnswer

    event = EventPage.objects.live().get(slug="mottagande-av-kvotflyktingar")
    assert [(q.label, q.kind, q.required) for q in event.questions.all()] == [
        ("Behöver du tolk?", "yes_no", True),
        ("Vilken kommun arbetar du i?", "choice", True),
        ("Har du önskemål om innehållet?", "text", False),
    ]
    form = client.get(event.url).content.decode()
    assert "Behöver du tolk?" in form and '<option value="Rättvik">' in form
    answers = SignupAnswer.objects.filter(signup__event=event)
    assert answers.filter(label="Behöver du tolk?").count() == event.signups.count()
    export = admin_client.get(f"/admin/events/participants/?event={event.pk}&export=csv")
    body = export.content.decode("utf-8-sig")
    assert "Behöver du tolk?;Vilken kommun arbetar du i?" in body.splitlines()[0]
    assert ";Ja;" in body and ";Nej;" in body
    # a second run adds no questions, answers or revisions
    revisions = event.revisions.count()
    count = answers.count()
    assert "Done: 0 new objects." in load_demo()
    assert event.questions.count() == 3 and answers.count() == count
    assert event.revisions.count() == revisions
