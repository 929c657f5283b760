"""The review workflow through the admin: an editor submits, a reviewer approves, the page
is published."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission, Workflow
from wagtail.test.utils.form_data import inline_formset

import pytest

from agreements.factories import AgreementPageFactory
from agreements.models import AgreementPage
from agreements.moderation import EDITORS, REVIEWERS, WORKFLOW_NAME
from tests.admin_forms import agreement_edit_data

pytestmark = pytest.mark.django_db


def user_in(group_name, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.se", password="x-Secret-123"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_groups_and_workflow_are_set_up(agreement_index):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert agreement_index.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS]
    codenames = lambda name: set(  # noqa: E731
        GroupPagePermission.objects.filter(group__name=name, page=agreement_index).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames(EDITORS) == {"add_page", "change_page"}
    assert codenames(REVIEWERS) == {"add_page", "change_page", "publish_page"}


def test_submit_approve_publish(client, agreement_index, today):
    page = AgreementPageFactory(parent=agreement_index, title="RÖK Blekinge 2027–2030")
    page.unpublish()
    editor = user_in(EDITORS, "redaktor")
    reviewer = user_in(REVIEWERS, "granskare")

    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.id]),
        agreement_edit_data(
            page, title="RÖK Blekinge 2027–2030 (reviderad)", **{"action-submit": "Skicka"}
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert not page.live

    # The editor cannot approve their own submission.
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]
    )
    client.post(approve_url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    client.force_login(reviewer)
    response = client.post(approve_url, {"comment": "Ser bra ut."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert page.title == "RÖK Blekinge 2027–2030 (reviderad)"
    assert page.current_workflow_state is None


def test_editor_cannot_publish_directly(client, agreement_index, today):
    page = AgreementPageFactory(parent=agreement_index, title="Opublicerad")
    page.unpublish()
    client.force_login(user_in(EDITORS, "redaktor2"))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.id]),
        agreement_edit_data(page, **{"action-publish": "Publicera"}),
    )
    page.refresh_from_db()
    assert not page.live


def test_admin_form_rejects_bad_period(client, agreement_index, today):
    page = AgreementPageFactory(parent=agreement_index, title="RÖK")
    admin = get_user_model().objects.create_superuser("chef", "chef@example.se", "x-Secret-123")
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.id]),
        agreement_edit_data(page, valid_to=datetime.date(2020, 1, 1).isoformat()),
    )
    assert response.status_code == 200
    assert "slutar innan den börjar" in response.content.decode()
    page.refresh_from_db()
    assert page.valid_to != datetime.date(2020, 1, 1)


def test_admin_form_rejects_local_agreement_without_municipality(client, agreement_index, today):
    page = AgreementPageFactory(parent=agreement_index, title="LÖK")
    admin = get_user_model().objects.create_superuser("chef", "chef@example.se", "x-Secret-123")
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.id]),
        agreement_edit_data(page, kind="lok", county=""),
    )
    assert response.status_code == 200
    assert "minst en kommun" in response.content.decode()
    page.refresh_from_db()
    assert page.kind == AgreementPage.Kind.REGIONAL


def test_admin_creates_local_agreement_with_municipalities(client, agreement_index, today):
    from portal.models import Municipality

    admin = get_user_model().objects.create_superuser("chef", "chef@example.se", "x-Secret-123")
    client.force_login(admin)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["agreements", "agreementpage", agreement_index.id]
    )
    assert client.get(add_url).status_code == 200
    leksand = Municipality.objects.get(code="2029")
    template = AgreementPage(
        title="LÖK Leksand 2027",
        slug="lok-leksand-2027",
        kind="lok",
        valid_from=datetime.date(2027, 1, 1),
        valid_to=datetime.date(2027, 12, 31),
        adopted_by="",
    )
    data = agreement_edit_data(
        template,
        municipalities=[str(leksand.id)],
        parties=inline_formset(
            [{"name": "Leksands kommun", "kind": "municipality", "municipality": leksand.id}]
        ),
        **{"action-publish": "Publicera"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 302
    page = AgreementPage.objects.get(slug="lok-leksand-2027")
    assert page.live
    assert list(page.municipalities.all()) == [leksand]
    assert [p.name for p in page.parties.all()] == ["Leksands kommun"]
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.id])).status_code == 200


def test_scheduled_publishing_goes_live_at_its_time(client, agreement_index, monkeypatch):
    """An approved revision with a go-live time stays off the site until
    ``publish_scheduled`` (run from cron) finds that the time has come."""
    from django.core.management import call_command
    from django.utils import timezone

    page = AgreementPageFactory(parent=agreement_index, title="RÖK Gotland 2027–2029")
    url = page.url
    page.unpublish()
    page.refresh_from_db()
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    page.save_revision().publish()
    call_command("publish_scheduled")
    assert not AgreementPage.objects.get(pk=page.pk).live
    assert client.get(url).status_code == 404

    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    assert AgreementPage.objects.get(pk=page.pk).live
    assert client.get(url).status_code == 200
