"""A fresh install (migrations only, no demo data) has the groups staff are put in, with the
permissions their work needs; otherwise only superusers could review anything."""

from django.contrib.auth.models import Group

from wagtail.models import Collection, GroupCollectionPermission

import pytest


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


def collection_codenames(group):
    root = Collection.get_first_root_node()
    return set(
        GroupCollectionPermission.objects.filter(group=group, collection=root).values_list(
            "permission__codename", flat=True
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Redaktör", "Granskare"])
def test_agreement_groups_exist_after_migrations_with_admin_and_document_rights(name):
    group = Group.objects.get(name=name)
    assert "access_admin" in codenames(group)
    assert {"add_settlementquota", "change_settlementquota"} <= codenames(group)
    assert {"add_document", "change_document", "choose_document"} <= collection_codenames(group)
    assert {"add_image", "change_image", "choose_image"} <= collection_codenames(group)


@pytest.mark.django_db
def test_reviewers_approve_agreements_in_the_review_workflow():
    from wagtail.models import GroupApprovalTask, Workflow

    reviewers = Group.objects.get(name="Granskare")
    workflow = Workflow.objects.get(name="Granskning av överenskommelser")
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert reviewers in task.groups.all()


@pytest.mark.django_db
def test_agreement_index_pages_get_the_groups_page_permissions(home):
    from wagtail.models import GroupPagePermission

    from agreements.models import AgreementIndexPage

    index = AgreementIndexPage(title="Överenskommelser", slug="overenskommelser")
    home.add_child(instance=index)
    index.save_revision().publish()
    editors = GroupPagePermission.objects.filter(group__name="Redaktör", page=index)
    reviewers = GroupPagePermission.objects.filter(group__name="Granskare", page=index)
    assert {p.permission.codename for p in editors} == {"add_page", "change_page"}
    assert {p.permission.codename for p in reviewers} == {
        "add_page",
        "change_page",
        "publish_page",
    }
