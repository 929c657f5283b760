"""The reviewer group exists in every install, made by a migration, not only in the demo."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from partners.factories import ActivityFactory, OrganisationFactory, UserFactory
from partners.models import Organisation
from partners.reviewers import REVIEWER_GROUP

pytestmark = pytest.mark.django_db


def test_the_migration_made_the_group_with_the_permissions_it_needs(db):
    group = Group.objects.get(name=REVIEWER_GROUP)
    permissions = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert permissions == {
        "wagtailadmin.access_admin",
        "partners.view_organisation",
        "partners.change_organisation",
        "partners.view_activity",
        "partners.change_activity",
    }


def test_a_reviewer_can_open_the_review_views_and_decide(client, home, leksand):
    reviewer = UserFactory(email="granskare@lansstyrelsen.example", username="granskare")
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    pending = OrganisationFactory(status=Organisation.Status.PENDING, municipalities=[leksand])
    activity = ActivityFactory()
    client.force_login(reviewer)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    queue = client.get(reverse("wagtailsnippets_partners_organisation:list"), {"status": "pending"})
    assert pending.name in queue.content.decode()
    review = reverse("wagtailsnippets_partners_organisation:review", args=[pending.pk])
    assert client.get(review).status_code == 200
    client.post(review, {"decision": "verify"})
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.VERIFIED
    unpublish = reverse("wagtailsnippets_partners_activity:unpublish", args=[activity.pk])
    assert client.get(unpublish).status_code == 200
    # Reviewers decide; they do not delete organisations.
    delete = reverse("wagtailsnippets_partners_organisation:delete", args=[pending.pk])
    assert client.get(delete).status_code in (302, 403)


def test_the_demo_uses_the_same_group(db):
    from partners.demo import ensure_reviewer_group

    assert ensure_reviewer_group() == Group.objects.get(name=REVIEWER_GROUP)
    assert Group.objects.filter(name=REVIEWER_GROUP).count() == 1
