"""Saved searches ("Bevaka"): double opt-in, the digest (once per item, safe to run twice),
one-click unsubscribe, deletion of unconfirmed addresses, visibility as search, personal data."""

import datetime
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from events.factories import make_event
from portal.alerts import SavedSearch, SavedSearchItem
from portal.personal_data import erase_for, export_for

pytestmark = pytest.mark.django_db


def link(message, path):
    return re.search(rf"http://testserver({path}[^\s]+)", message.body).group(1)


def subscribe(client, query, email="anna@example.se", scope="kalender"):
    return client.post(
        "/bevaka/", {"email": email, "frequency": "daily", "omrade": scope, "fraga": query}
    )


def test_follow_link_on_the_list_carries_the_filters(client, content):
    response = client.get("/bevaka/?omrade=kalender&lan=dalarna&form=online")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dalarna" in html
    assert 'value="lan=dalarna&amp;form=online"' in html


def test_journey_subscribe_confirm_publish_digest_unsubscribe(
    client, content, indexes, places, future, django_capture_on_commit_callbacks
):
    # subscribe: nothing is followed until the address is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, "lan=dalarna")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["anna@example.se"]
    saved = SavedSearch.objects.get()
    assert saved.confirmed_at is None
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 1

    # confirm: GET asks, POST confirms; what matched already is not sent
    confirm_path = link(confirmation, "/bevaka/bekrafta/")
    assert client.get(confirm_path).status_code == 200
    assert SavedSearch.objects.get().confirmed_at is None
    client.post(confirm_path)
    assert SavedSearch.objects.get().confirmed_at is not None
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 1

    # a matching event is published, and one outside the county
    make_event(
        indexes["calendar"],
        future(40),
        title="Samhällsorientering för handläggare",
        municipalities=[places["leksand"]],
        publish=True,
    )
    make_event(
        indexes["calendar"],
        future(40),
        title="Utbildning i Blekinge",
        municipalities=[places["karlskrona"]],
        publish=True,
    )
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert "Samhällsorientering för handläggare" in digest.body
    assert "Blekinge" not in digest.body.replace("Dalarna", "")
    unsubscribe_url = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http://testserver/bevaka/avsluta/")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # running again (even as if a day later) sends nothing twice
    call_command("send_saved_search_digests")
    SavedSearch.objects.update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 2

    # one click from the mail program: a POST without a CSRF token
    from django.test import Client

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        unsubscribe_url.replace("http://testserver", ""),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()


def test_unsubscribe_link_opened_does_not_unsubscribe(client, content):
    saved = SavedSearch.objects.create(
        email="a@example.se", scope="kalender", label="x", confirmed_at=timezone.now()
    )
    assert client.get(f"/bevaka/avsluta/{saved.token}/").status_code == 200
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    assert client.get("/bevaka/avsluta/nonsense/").status_code == 404


def test_unconfirmed_are_deleted_after_seven_days(client, content):
    old = SavedSearch.objects.create(email="old@example.se", scope="kalender", label="x")
    SavedSearch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    fresh = SavedSearch.objects.create(email="new@example.se", scope="kalender", label="x")
    call_command("send_saved_search_digests")
    assert list(SavedSearch.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert client.get(f"/bevaka/bekrafta/{old.token}/").status_code == 404


def test_a_search_follows_search_visibility(
    client, content, indexes, future, django_capture_on_commit_callbacks
):
    saved = SavedSearch.objects.create(
        email="s@example.se", scope="sok", query=[["q", "migrationsrätt"]], label="x"
    )
    from portal.opendata.alerts import confirm

    confirm(saved)
    with django_capture_on_commit_callbacks(execute=True):
        public = make_event(indexes["calendar"], future(30), title="Migrationsrätt grundkurs")
        public.save_revision().publish()
        hidden = make_event(indexes["calendar"], future(30), title="Migrationsrätt intern")
        hidden.save_revision().publish()
        hidden.unpublish()
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 1
    assert "Migrationsrätt grundkurs" in mail.outbox[0].body
    assert "intern" not in mail.outbox[0].body
    assert SavedSearchItem.objects.filter(saved_search=saved, sent_at__isnull=False).count() == 1


def test_junk_subscriptions_change_nothing(client, content):
    assert subscribe(client, "lan=dalarna", email="not an address").status_code == 400
    assert subscribe(client, "", scope="sok").status_code == 400  # a search needs words
    assert client.post("/bevaka/", {"omrade": "x" * 50}).status_code == 400
    assert subscribe(client, "lan=%00&ar=tjugo&sida=x").status_code == 200
    assert SavedSearch.objects.count() == 1
    assert client.get("/bevaka/bekrafta/" + "x" * 500 + "/").status_code == 404


def test_subscribing_is_rate_limited_per_address(
    client, content, django_capture_on_commit_callbacks
):
    codes = [subscribe(client, "lan=dalarna").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert SavedSearch.objects.count() == 3


def test_personal_data_export_and_erase_by_verified_address(content, django_user_model):
    from partners.factories import UserFactory

    user = UserFactory(email="anna@example.se")
    SavedSearch.objects.create(email="anna@example.se", scope="kalender", label="Kalender")
    SavedSearch.objects.create(email="someone@example.se", scope="kalender", label="Annan")
    exported = export_for(user)["saved_searches"]
    assert [s["description"] for s in exported] == ["Kalender"]
    assert erase_for(user)["saved_searches"] == 1
    assert list(SavedSearch.objects.values_list("email", flat=True)) == ["someone@example.se"]


def test_list_pages_link_downloads_feeds_and_follow_with_their_filters(client, content):
    html = client.get("/kalender/?lan=dalarna").content.decode()
    assert "/oppna-data/ladda-ner/evenemang.json?lan=dalarna" in html
    assert "/bevaka/?omrade=kalender&amp;lan=dalarna" in html
    html = client.get("/overenskommelser/?typ=lok").content.decode()
    assert "/oppna-data/ladda-ner/overenskommelser.csv?typ=lok" in html
    html = client.get("/foreningar/").content.decode()
    assert "/oppna-data/ladda-ner/organisationer.csv" in html
