import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from events.factories import SignupFactory, make_event
from events.models import Signup
from events.models.event import STOCKHOLM


@pytest.fixture
def tomorrow_event(calendar):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(10), tzinfo=STOCKHOLM)
    return make_event(calendar, start, slug="i-morgon", title="SFI-dag", signup_enabled=True)


@pytest.mark.django_db
def test_reminders_are_sent_once_to_confirmed_people(tomorrow_event, event):
    confirmed = SignupFactory(event=tomorrow_event, email="a@example.se")
    SignupFactory(event=tomorrow_event, email="b@example.se", status="waiting")
    SignupFactory(event=tomorrow_event, email="c@example.se", status="cancelled")
    SignupFactory(event=event, email="later@example.se")
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [["a@example.se"]]
    assert "i morgon" in mail.outbox[0].subject
    assert mail.outbox[0].attachments
    assert Signup.objects.get(pk=confirmed.pk).reminder_sent_at is not None
    call_command("send_event_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_reminders_for_cancelled_events(tomorrow_event):
    SignupFactory(event=tomorrow_event)
    tomorrow_event.status = "cancelled"
    tomorrow_event.save()
    call_command("send_event_reminders", stdout=io.StringIO())
    assert mail.outbox == []


@pytest.mark.django_db
def test_anonymise_after_the_configured_days(calendar, settings):
    now = datetime.datetime.now(tz=STOCKHOLM)
    old = make_event(calendar, now - datetime.timedelta(days=100), slug="gammal")
    recent = make_event(calendar, now - datetime.timedelta(days=10), slug="nyligen")
    old_signup = SignupFactory(event=old, name="Eva Ek", email="eva@example.se", needs="Tolk")
    recent_signup = SignupFactory(event=recent, name="Per Al", email="per@example.se")
    call_command("anonymise_signups", stdout=io.StringIO())
    old_signup.refresh_from_db()
    recent_signup.refresh_from_db()
    assert (old_signup.name, old_signup.email, old_signup.needs) == ("", "", "")
    assert old_signup.anonymised_at and old_signup.status == "confirmed"
    assert recent_signup.name == "Per Al"
    call_command("anonymise_signups", "--days", "5", stdout=io.StringIO())
    recent_signup.refresh_from_db()
    assert recent_signup.email == ""
    ended = make_event(calendar, now - datetime.timedelta(days=3), slug="nyss")
    SignupFactory(event=ended, name="Ola Berg", email="ola@example.se")
    out = io.StringIO()
    call_command("anonymise_signups", stdout=out)
    assert "Anonymised 0" in out.getvalue()  # 3 days < the default 90
    settings.EVENTS_ANONYMISE_AFTER_DAYS = 1
    out = io.StringIO()
    call_command("anonymise_signups", stdout=out)
    assert "Anonymised 1" in out.getvalue()


@pytest.mark.django_db
def test_admin_lists_and_exports_participants(admin_client, event):
    SignupFactory(event=event, name="Anna Andersson", email="anna@example.se")
    SignupFactory(name="Annan person")
    url = f"/admin/events/participants/?event={event.pk}"
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Andersson" in html and "Annan person" not in html
    export = admin_client.get(url + "&export=csv")
    assert export.status_code == 200
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "anna@example.se" in body
    assert "Annan person" not in body


@pytest.mark.django_db
def test_event_edit_page_links_to_staff_tools(admin_client, event):
    html = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert f"/admin/events/participants/?event={event.pk}" in html
    assert f"/admin/events/{event.pk}/email/" in html


@pytest.mark.django_db
def test_email_to_confirmed_participants(admin_client, event):
    SignupFactory(event=event, email="ja@example.se")
    SignupFactory(event=event, email="vantar@example.se", status="waiting")
    response = admin_client.post(
        f"/admin/events/{event.pk}/email/", {"subject": "Ändrad lokal", "body": "Vi ses i sal B."}
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ja@example.se"]]
    assert mail.outbox[0].subject == "[Samverkansportalen] Ändrad lokal"


@pytest.mark.django_db
def test_staff_tools_need_edit_permission(client, django_user_model, event):
    user = django_user_model.objects.create_user("redaktor", "r@example.se", "x", is_staff=True)
    client.force_login(user)
    assert client.get(f"/admin/events/{event.pk}/email/").status_code in (302, 403)
    assert client.get("/admin/events/999999/email/").status_code in (302, 404)


@pytest.mark.django_db
def test_weekly_series_goes_into_a_draft(admin_client, event):
    response = admin_client.post(
        f"/admin/events/{event.pk}/weekly-series/",
        {"first_start": "2031-03-17T18:00", "duration_minutes": 90, "count": 3, "interval": 1},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.occurrences.count() == 1  # live version untouched
    draft = event.get_latest_revision_as_object()
    starts = [o.local_start.strftime("%Y-%m-%d %H:%M") for o in draft.occurrences.all()]
    assert "2031-03-31 18:00" in starts and len(starts) == 4


@pytest.mark.django_db
def test_admin_form_rejects_end_before_start_and_out_of_order(admin_client, event):

    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from events.models import EventPage

    form_class = EventPage.get_edit_handler().get_form_class()

    def data(first_end):
        return nested_form_data(
            {
                "title": "Test",
                "slug": "test",
                "status": "scheduled",
                "format": "onsite",
                "language": "svenska",
                "body": streamfield([]),
                "occurrences": inline_formset(
                    [
                        {"start": "2031-05-10 10:00", "end": first_end, "ORDER": "1"},
                        {"start": "2031-05-01 10:00", "end": "2031-05-01 12:00", "ORDER": "2"},
                    ],
                    min=1,
                ),
                "questions": inline_formset([]),
                "comments": inline_formset([]),
            }
        )

    base = data("2031-05-10 09:00")
    page = EventPage()
    form = form_class(base, instance=page, parent_page=event.get_parent(), for_user=None)
    assert not form.is_valid()
    assert "Sluttiden måste vara efter starttiden." in str(form.formsets["occurrences"].errors)
    base = data("2031-05-10 12:00")
    form = form_class(base, instance=EventPage(), parent_page=event.get_parent(), for_user=None)
    assert not form.is_valid()
    assert "fel ordning" in str(form.errors)
