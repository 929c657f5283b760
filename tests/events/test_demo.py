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
