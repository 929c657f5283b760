"""Moderation wins: what staff took down stays down until staff put it back; the organisation
sees why and can ask for a new review."""

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from partners.factories import ActivityFactory, UserFactory
from partners.models import Activity, Organisation
from partners.reviewers import REVIEWER_GROUP

pytestmark = pytest.mark.django_db

REASON = "Kontaktuppgiften går till en privatperson."


@pytest.fixture
def reviewer(home):
    user = UserFactory(email="granskare@lansstyrelsen.example", username="granskare")
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


@pytest.fixture
def taken_down(org_a, leksand):
    return ActivityFactory(
        organisation=org_a,
        title="Språkcafé i Leksand",
        municipality=leksand,
        is_online=False,
        status=Activity.Status.DRAFT,
        moderation_reason=REASON,
    )


def activity_data(leksand, **extra):
    data = {
        "title": "Språkcafé i Leksand",
        "kind": "language_cafe",
        "description": "Vi pratar svenska.",
        "weekdays": ["tue"],
        "municipality": leksand.pk,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("who", ["owner", "editor"])
def test_members_cannot_republish_what_staff_unpublished(client, request, who, org_a, taken_down):
    client.force_login(request.getfixturevalue(who))
    url = reverse("partners:activity_status", args=[org_a.pk, taken_down.pk])
    response = client.post(url, {"status": "published"}, follow=True)
    taken_down.refresh_from_db()
    assert taken_down.status == Activity.Status.DRAFT
    assert taken_down.moderation_reason == REASON
    assert "länsstyrelsen" in response.content.decode()
    assert client.get(taken_down.get_absolute_url()).status_code == 404


def test_the_edit_form_saves_changes_but_does_not_publish(
    client, owner, org_a, taken_down, leksand
):
    client.force_login(owner)
    url = reverse("partners:activity_edit", args=[org_a.pk, taken_down.pk])
    page = client.get(url).content.decode()
    assert REASON in page
    assert 'name="publish"' not in page
    response = client.post(url, activity_data(leksand, title="Rättat språkcafé", publish="1"))
    assert response.status_code == 302
    taken_down.refresh_from_db()
    assert taken_down.title == "Rättat språkcafé"
    assert taken_down.status == Activity.Status.DRAFT
    assert taken_down.moderation_reason == REASON


def test_members_see_the_reason_and_ask_for_a_new_review(
    client, owner, org_a, taken_down, reviewer
):
    client.force_login(owner)
    manage = client.get(reverse("partners:organisation_manage", args=[org_a.pk])).content.decode()
    assert REASON in manage
    review_url = reverse("partners:activity_review_request", args=[org_a.pk, taken_down.pk])
    assert review_url in manage
    assert 'value="published"' not in manage.split(review_url)[0].rsplit("<tr>", 1)[-1]

    response = client.post(review_url, follow=True)
    assert "granska" in response.content.decode()
    taken_down.refresh_from_db()
    assert taken_down.review_requested_at is not None
    assert taken_down.status == Activity.Status.DRAFT
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert taken_down.title in mail.outbox[0].subject
    assert (
        "http://testserver"
        + reverse("wagtailsnippets_partners_activity:republish", args=[taken_down.pk])
        in mail.outbox[0].body
    )
    assert ModelLogEntry.objects.filter(action="partners.activity.review_requested").exists()
    manage = client.get(reverse("partners:organisation_manage", args=[org_a.pk])).content.decode()
    assert "Ny granskning begärd" in manage

    # Asking again while the request waits sends nothing more.
    client.post(review_url)
    assert len(mail.outbox) == 1


def test_review_request_for_an_activity_staff_did_not_take_down_changes_nothing(
    client, owner, org_a, activity_a
):
    client.force_login(owner)
    url = reverse("partners:activity_review_request", args=[org_a.pk, activity_a.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    activity_a.refresh_from_db()
    assert activity_a.review_requested_at is None
    assert mail.outbox == []
    assert client.get(url).status_code == 405


def test_only_staff_republish(client, owner, org_a, taken_down, reviewer):
    url = reverse("wagtailsnippets_partners_activity:republish", args=[taken_down.pk])
    client.force_login(owner)
    client.post(url)
    taken_down.refresh_from_db()
    assert taken_down.status == Activity.Status.DRAFT

    client.force_login(reviewer)
    listing = client.get(reverse("wagtailsnippets_partners_activity:list")).content.decode()
    assert url in listing
    assert REASON in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    taken_down.refresh_from_db()
    assert taken_down.status == Activity.Status.PUBLISHED
    assert taken_down.moderation_reason == ""
    assert taken_down.review_requested_at is None
    assert client.get(taken_down.get_absolute_url()).status_code == 200
    assert mail.outbox[-1].to == [owner.email]
    assert ModelLogEntry.objects.filter(action="partners.activity.republish").exists()


def test_a_suspended_organisation_cannot_lift_its_suspension(
    client, owner, org_a, leksand, reviewer
):
    org_a.status = Organisation.Status.SUSPENDED
    org_a.status_reason = "Inaktuella uppgifter."
    org_a.save()
    client.force_login(owner)
    client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        {
            "name": "Nytt namn",
            "org_number": org_a.org_number,
            "legal_form": "ideell_forening",
            "municipalities": [leksand.pk],
            "status": "verified",
        },
    )
    org_a.refresh_from_db()
    assert org_a.name == "Nytt namn"
    assert org_a.status == Organisation.Status.SUSPENDED
    assert org_a.status_reason == "Inaktuella uppgifter."

    manage_url = reverse("partners:organisation_manage", args=[org_a.pk])
    manage = client.get(manage_url).content.decode()
    assert "Inaktuella uppgifter." in manage
    review_url = reverse("partners:organisation_review_request", args=[org_a.pk])
    assert review_url in manage
    client.post(review_url)
    org_a.refresh_from_db()
    assert org_a.status == Organisation.Status.SUSPENDED
    assert org_a.review_requested_at is not None
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "Ny granskning begärd" in client.get(manage_url).content.decode()


def test_staff_see_review_requests_in_the_queue(client, org_a, reviewer, taken_down, owner):
    client.force_login(owner)
    client.post(reverse("partners:activity_review_request", args=[org_a.pk, taken_down.pk]))
    client.force_login(reviewer)
    listing = client.get(
        reverse("wagtailsnippets_partners_activity:list"), {"review_requested": "true"}
    ).content.decode()
    assert taken_down.title in listing


def test_a_review_request_of_an_organisation_of_someone_else_is_404(client, owner, org_b):
    client.force_login(owner)
    url = reverse("partners:organisation_review_request", args=[org_b.pk])
    assert client.post(url).status_code == 404


def test_publishing_and_archiving_on_mina_sidor_reach_search(
    client, owner, org_a, leksand, django_capture_on_commit_callbacks
):
    from search.backends.base import SearchQuery
    from search.backends.database import DatabaseBackend

    def found():
        results = DatabaseBackend().search(SearchQuery(text="Läxhjälpsklubben", filters={}))
        return {hit.key for hit in results.hits}

    with django_capture_on_commit_callbacks(execute=True):
        activity = ActivityFactory(
            organisation=org_a, title="Läxhjälpsklubben", status=Activity.Status.DRAFT
        )
    assert found() == set()
    client.force_login(owner)
    url = reverse("partners:activity_status", args=[org_a.pk, activity.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "published"})
    assert found() == {f"activity:{activity.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "archived"})
    assert found() == set()
