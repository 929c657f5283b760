import datetime
import re

from django.core import mail, signing
from django.utils import timezone

import pytest

from events.factories import SignupFactory, make_event
from events.models import Signup
from events.services import SignupRefused, sign_up

from .ics_parser import events, parse


def post_signup(client, url, email, name="Karin Berg", **extra):
    data = {
        "name": name,
        "email": email,
        "employer": "Rättviks kommun",
        "municipality": "",
        "needs": "",
        "consent": "on",
        **extra,
    }
    return client.post(url, data)


def cancel_link(message):
    return re.search(r"http://testserver(/kalender/\S+/avboka/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_sign_up_confirms_and_mails_an_ics(client, event):
    response = post_signup(client, event.url, "karin@example.se")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Din plats är bekräftad" in page
    signup = Signup.objects.get()
    assert signup.status == Signup.Status.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@example.se"]
    assert "Traumamedvetet bemötande" in message.subject
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert len(events(parse(content if isinstance(content, bytes) else content.encode()))) == 1
    assert "/kalender/trauma/avboka/" in message.body


@pytest.mark.django_db
def test_full_event_puts_people_on_the_waiting_list_and_cancel_promotes(client, event):
    for n in range(3):
        post_signup(client, event.url, f"person{n}@example.se", name=f"Person {n}")
    statuses = list(Signup.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert "väntelista" in mail.outbox[2].subject.lower()
    mail.outbox.clear()

    first = Signup.objects.order_by("pk").first()
    link = f"{event.url}avboka/{first.cancel_token()}/"
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert Signup.objects.get(pk=first.pk).status == "confirmed"  # GET changes nothing
    done = client.post(link)
    assert done.status_code == 200
    assert "avbokad" in done.content.decode()
    assert Signup.objects.get(pk=first.pk).status == "cancelled"
    waiting = Signup.objects.get(email="person2@example.se")
    assert waiting.status == "confirmed" and waiting.promoted_at
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"person0@example.se", "person2@example.se"}
    promoted_mail = next(m for m in mail.outbox if m.to == ["person2@example.se"])
    assert "plats" in promoted_mail.subject

    reused = client.post(link)
    assert "redan avbokad" in reused.content.decode()
    assert Signup.objects.filter(status="confirmed").count() == 2


@pytest.mark.django_db
def test_forged_and_foreign_tokens_are_refused(client, event, calendar, future):
    signup = SignupFactory(event=event)
    forged = f"{signup.pk}-" + "0" * 40
    response = client.post(f"{event.url}avboka/{forged}/")
    assert response.status_code == 400
    assert "inte giltig" in response.content.decode()
    assert client.post(f"{event.url}avboka/skrap/").status_code == 400
    assert client.post(f"{event.url}avboka/99999999-abc/").status_code == 400
    assert client.get(f"{event.url}avboka/{signing.dumps(signup.pk)}/").status_code == 404
    other = make_event(calendar, future(40), slug="annat")
    assert client.post(f"{other.url}avboka/{signup.cancel_token()}/").status_code == 400
    assert Signup.objects.get(pk=signup.pk).status == "confirmed"


@pytest.mark.django_db
def test_one_email_signs_up_once(client, event):
    post_signup(client, event.url, "Karin@Example.se")
    response = post_signup(client, event.url, " karin@example.SE ")
    assert response.status_code == 302
    assert Signup.objects.count() == 1


@pytest.mark.django_db
def test_deadline_and_cancelled_events_refuse(client, calendar, future):
    late = make_event(
        calendar,
        future(10),
        slug="sent",
        signup_enabled=True,
        signup_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    response = post_signup(client, late.url, "a@example.se")
    assert Signup.objects.count() == 0
    assert "sista anmälningsdag" in client.get(late.url).content.decode().lower()
    assert response.status_code == 200
    assert "Sista anmälningsdag har passerat" in response.content.decode()
    cancelled = make_event(
        calendar, future(10), slug="installt", signup_enabled=True, status="cancelled"
    )
    post_signup(client, cancelled.url, "a@example.se")
    assert Signup.objects.count() == 0
    with pytest.raises(SignupRefused):
        sign_up(cancelled, name="A", email="a@example.se", employer="X")
    past = make_event(calendar, future(-3), slug="forbi", signup_enabled=True)
    with pytest.raises(SignupRefused):
        sign_up(past, name="A", email="a@example.se", employer="X")


@pytest.mark.django_db
def test_signup_form_validation_messages(client, event):
    response = client.post(event.url, {"name": "", "email": "inte-en-adress", "employer": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert "Ange ditt namn" in html
    assert Signup.objects.count() == 0


@pytest.mark.django_db
def test_capacity_below_confirmed_is_refused(event):
    from django.core.exceptions import ValidationError

    SignupFactory.create_batch(2, event=event)
    event.capacity = 1
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    assert "capacity" in info.value.message_dict


@pytest.mark.django_db
def test_capacity_error_in_the_admin_form(event):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    SignupFactory.create_batch(2, event=event)
    occurrence = event.occurrences.get()
    form_class = type(event).get_edit_handler().get_form_class()

    def submit(capacity):
        data = nested_form_data(
            {
                "title": event.title,
                "slug": event.slug,
                "status": "scheduled",
                "format": "onsite",
                "language": "svenska",
                "body": streamfield([]),
                "signup_enabled": "on",
                "capacity": str(capacity),
                "occurrences": inline_formset(
                    [
                        {
                            "id": str(occurrence.pk),
                            "start": occurrence.local_start.strftime("%Y-%m-%d %H:%M"),
                            "end": occurrence.local_end.strftime("%Y-%m-%d %H:%M"),
                            "ORDER": "1",
                        }
                    ],
                    initial=1,
                    min=1,
                ),
                "questions": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
        page = type(event).objects.get(pk=event.pk)
        return form_class(data, instance=page, parent_page=event.get_parent(), for_user=None)

    form = submit(1)
    assert not form.is_valid()
    assert "2 personer har redan en bekräftad plats" in str(form.errors["capacity"])
    assert submit(2).is_valid(), submit(2).errors


@pytest.mark.django_db
def test_raising_capacity_on_publish_promotes_the_waiting_list(event):
    SignupFactory.create_batch(2, event=event)
    waiting = SignupFactory(event=event, status="waiting")
    page = event.get_latest_revision_as_object() if event.latest_revision else event
    page.capacity = 3
    page.save_revision().publish()
    assert Signup.objects.get(pk=waiting.pk).status == "confirmed"
