from wagtail.models import WorkflowState

import pytest

from events.models import EventPage
from events.proposals import WORKFLOW_NAME


def proposal_data(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "title": "Språkcafé för handledare",
        "summary": "Hur ett språkcafé kan stödja nyanlända.",
        "description": "Vi delar erfarenheter.\n\nFika ingår.",
        "start": "2031-04-02T18:00",
        "end": "2031-04-02T20:00",
        "format": "onsite",
        "venue": "Församlingshemmet",
        "address": "Kyrkallén 1, Leksand",
        "topics": "civilsamhällets roll, språk",
        "capacity": "25",
        **extra,
    }


@pytest.mark.django_db
def test_member_of_verified_organisation_proposes_an_event(client, calendar, member):
    user, organisation = member
    client.force_login(user)
    assert client.get("/mina-sidor/evenemang/").status_code == 200
    assert client.get("/mina-sidor/evenemang/nytt/").status_code == 200
    response = client.post("/mina-sidor/evenemang/nytt/", proposal_data(organisation))
    assert response.status_code == 302
    page = EventPage.objects.get(title="Språkcafé för handledare")
    assert not page.live
    assert page.organiser_organisation == organisation
    assert page.get_parent().pk == calendar.pk
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == WORKFLOW_NAME
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(page.url or "/kalender/sprakcafe-for-handledare/").status_code == 404
    assert "Språkcafé för handledare" not in client.get("/kalender/").content.decode()
    listing = client.get("/mina-sidor/evenemang/").content.decode()
    assert "Väntar på granskning" in listing

    # staff approve: the workflow's task finishes and the page goes live
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "admin@example.se", "x")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, admin, "approve")
    page.refresh_from_db()
    assert page.live
    assert "Språkcafé för handledare" in client.get("/kalender/").content.decode()


@pytest.mark.django_db
def test_proposal_validation(client, calendar, member):
    user, organisation = member
    client.force_login(user)
    response = client.post(
        "/mina-sidor/evenemang/nytt/",
        proposal_data(organisation, end="2031-04-02T17:00", address="", start="igår"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ange datum och tid" in html
    assert "Ange adressen" in html
    assert not EventPage.objects.exists()


@pytest.mark.django_db
def test_only_verified_members_may_propose(client, calendar, member, django_user_model):
    from partners.models import Organisation

    user, organisation = member
    assert client.get("/mina-sidor/evenemang/nytt/").status_code == 302  # to the login page
    stranger = django_user_model.objects.create_user("x", "x@example.se", "x")
    client.force_login(stranger)
    response = client.post("/mina-sidor/evenemang/nytt/", proposal_data(organisation))
    assert response.status_code == 403
    assert not EventPage.objects.exists()
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    client.force_login(user)
    assert (
        client.post("/mina-sidor/evenemang/nytt/", proposal_data(organisation)).status_code == 403
    )
