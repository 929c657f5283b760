"""The saved-search digest at scale: each distinct query runs once per run, the work is done in
batches (a constant number of queries however many saved searches share a query), nothing is
ever sent twice (run twice, or crashed between recording and sending), a failed e-mail is
retried, and an item changed since it was sent goes out again once, marked "Ändrad"."""

import datetime

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.factories import make_event
from portal.alerts import SavedSearch, SavedSearchItem
from portal.opendata.alerts import confirm, send_digests

pytestmark = pytest.mark.django_db

QUERIES = [
    ("kalender", [["lan", "dalarna"]]),
    ("kalender", [["form", "online"], ["lan", "dalarna"]]),
    ("kalender", [["lan", "dalarna"], ["form", "online"]]),  # the same, in another order
    ("overenskommelser", [["lan", "dalarna"]]),
]


def follow(n, start=0, confirmed=True):
    now = timezone.now()
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(
                email=f"person{i}@example.se",
                scope=QUERIES[i % len(QUERIES)][0],
                query=QUERIES[i % len(QUERIES)][1],
                label=f"Bevakning {i}",
                confirmed_at=now if confirmed else None,
            )
            for i in range(start, start + n)
        ]
    )


def news(indexes, places, future, title="Samhällsorientering i Leksand"):
    return make_event(
        indexes["calendar"],
        future(40),
        title=title,
        municipalities=[places["leksand"]],
        format="online",
        publish=True,
    )


def digest_queries():
    with CaptureQueriesContext(connection) as queries:
        send_digests()
    return len(queries)


def test_each_distinct_query_runs_once_and_queries_do_not_grow(content, indexes, places, future):
    news(indexes, places, future)
    follow(4)
    small = digest_queries()
    assert len(mail.outbox) == 4
    SavedSearch.objects.all().delete()
    mail.outbox.clear()
    follow(60)
    assert digest_queries() == small
    assert len(mail.outbox) == 60
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"person{i}@example.se" for i in range(60)
    )
    calendar_mails = [m for m in mail.outbox if "Samhällsorientering i Leksand" in m.body]
    assert len(calendar_mails) == 45  # three of the four queries are the calendar's


def test_run_twice_sends_each_item_once(content, indexes, places, future):
    news(indexes, places, future)
    follow(8)
    first = send_digests()
    SavedSearch.objects.update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    second = send_digests()
    assert first[0] == 8 and second == (0, 0)
    assert len(mail.outbox) == 8
    assert len({m.to[0] for m in mail.outbox}) == 8


def test_the_unique_constraint_refuses_a_second_record_of_the_same_version(content):
    follow(1)
    saved = SavedSearch.objects.get()
    SavedSearchItem.objects.create(saved_search=saved, key="event:1", version="v1")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedSearchItem.objects.create(saved_search=saved, key="event:1", version="v1")


class Crash(BaseException):
    """The process dying (killed, out of memory) while the e-mails go out."""


def test_a_crash_between_recording_and_sending_never_sends_twice(
    content, indexes, places, future, monkeypatch
):
    """The safe side chosen: recorded first, sent after. A crash in between loses that batch's
    e-mail (the list page still shows the items); it is never sent twice."""
    news(indexes, places, future)
    follow(1)

    def crash(self, messages):
        raise Crash

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", crash)
        with pytest.raises(Crash):
            call_command("send_saved_search_digests")
    recorded = SavedSearchItem.objects.filter(sent_at__isnull=False)
    assert recorded.filter(key__startswith="event:").count() == 2  # the fixture's and the new one
    SavedSearch.objects.update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    call_command("send_saved_search_digests")
    assert mail.outbox == []


def test_an_e_mail_that_fails_is_sent_next_run(content, indexes, places, future, monkeypatch):
    news(indexes, places, future)
    follow(2)

    def refuse(self, messages):
        raise OSError("mail server refused")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        assert send_digests() == (0, 0)
    assert not SavedSearchItem.objects.filter(sent_at__isnull=False).exists()
    assert SavedSearch.objects.filter(last_sent_at__isnull=False).count() == 0
    assert send_digests()[0] == 2
    assert send_digests() == (0, 0)
    assert len(mail.outbox) == 2


def test_a_changed_item_is_sent_again_once_marked_changed(content, indexes, places, future):
    event = news(indexes, places, future, title="Traumamedvetet bemötande i Leksand")
    saved = SavedSearch.objects.create(
        email="anna@example.se", scope="kalender", query=[["lan", "dalarna"]], label="Dalarna"
    )
    confirm(saved)
    call_command("send_saved_search_digests")
    assert mail.outbox == []  # it was there when she confirmed

    event.title = "Traumamedvetet bemötande i Leksand – ny lokal"
    event.save_revision().publish()
    SavedSearch.objects.update(last_sent_at=None)
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 1
    assert "[Ändrad] Traumamedvetet bemötande i Leksand – ny lokal" in mail.outbox[0].body

    SavedSearch.objects.update(last_sent_at=None)
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 1  # once per change

    news(indexes, places, future, title="Helt nytt evenemang")
    SavedSearch.objects.update(last_sent_at=None)
    call_command("send_saved_search_digests")
    assert len(mail.outbox) == 2
    body = mail.outbox[1].body
    assert "- Helt nytt evenemang" in body and "Ändrad" not in body


def test_saved_searches_sharing_a_query_each_get_their_own_links(content, indexes, places, future):
    news(indexes, places, future)
    follow(8)
    send_digests()
    tokens = dict(SavedSearch.objects.values_list("email", "token"))
    assert len(mail.outbox) == 8
    for message in mail.outbox:
        own = tokens[message.to[0]]
        others = set(tokens.values()) - {own}
        assert f"/bevaka/avsluta/{own}/" in message.body
        assert f"/bevaka/hantera/{own}/" in message.body
        assert (
            message.extra_headers["List-Unsubscribe"]
            == f"<http://testserver/bevaka/avsluta/{own}/>"
        )
        assert not any(token in message.body for token in others)
