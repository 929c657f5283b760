"""Mina sidor: log-in required everywhere, members see only their own organisations, and the
forms store nothing wrong."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from partners.factories import ActivityFactory, InvitationFactory, MembershipFactory, make_orgnr
from partners.models import Activity, Membership, Organisation

pytestmark = pytest.mark.django_db


def organisation_urls(organisation, activity, membership, invitation):
    pk = organisation.pk
    return [
        reverse("partners:organisation_manage", args=[pk]),
        reverse("partners:organisation_edit", args=[pk]),
        reverse("partners:organisation_close", args=[pk]),
        reverse("partners:activity_create", args=[pk]),
        reverse("partners:activity_edit", args=[pk, activity.pk]),
        reverse("partners:activity_status", args=[pk, activity.pk]),
        reverse("partners:invite", args=[pk]),
        reverse("partners:invitation_revoke", args=[pk, invitation.pk]),
        reverse("partners:member_remove", args=[pk, membership.pk]),
        reverse("partners:member_make_owner", args=[pk, membership.pk]),
    ]


USER_URLS = [
    "/mina-sidor/",
    "/mina-sidor/foreningar/ny/",
    "/mina-sidor/mina-uppgifter/",
    "/mina-sidor/mina-uppgifter/mina-uppgifter.json",
    "/mina-sidor/mina-uppgifter/ta-bort-konto/",
    "/mina-sidor/inbjudan/abc:def/",
]


@pytest.fixture
def b_objects(org_b, activity_b):
    membership = org_b.memberships.get()
    invitation = InvitationFactory(organisation=org_b)
    return organisation_urls(org_b, activity_b, membership, invitation)


def test_anonymous_users_are_sent_to_log_in_from_every_page(client, b_objects):
    for url in USER_URLS + b_objects:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/konto/login/?next="), url


def test_a_member_of_a_gets_404_for_everything_of_b(
    client, owner, org_a, org_b, activity_b, b_objects
):
    client.force_login(owner)
    for url in b_objects:
        assert client.get(url).status_code in (404, 405), url
        response = client.post(
            url,
            {
                "title": "Kapat",
                "status": "published",
                "email": "x@example.se",
                "role": "owner",
                "name": "Kapat",
                "confirm": "on",
            },
        )
        assert response.status_code == 404, url
    activity_b.refresh_from_db()
    org_b.refresh_from_db()
    assert activity_b.title != "Kapat"
    assert org_b.name != "Kapat"
    assert org_b.memberships.count() == 1
    assert not org_b.invitations.filter(email="x@example.se").exists()


def test_activity_ids_of_another_organisation_are_404_under_my_own(
    client, owner, org_a, activity_b
):
    client.force_login(owner)
    for name in ("activity_edit", "activity_status"):
        url = reverse(f"partners:{name}", args=[org_a.pk, activity_b.pk])
        assert client.post(url, {"status": "archived"}).status_code == 404
    activity_b.refresh_from_db()
    assert activity_b.status == Activity.Status.PUBLISHED


def test_editors_cannot_reach_owner_only_views(client, editor, org_a):
    client.force_login(editor)
    for name in ("invite", "organisation_close"):
        assert client.get(reverse(f"partners:{name}", args=[org_a.pk])).status_code == 404
    owner_membership = org_a.memberships.get(role=Membership.Role.OWNER)
    url = reverse("partners:member_make_owner", args=[org_a.pk, owner_membership.pk])
    assert client.post(url).status_code == 404


def organisation_data(leksand, **extra):
    data = {
        "name": "Nya föreningen",
        "org_number": make_orgnr(777),
        "legal_form": "ideell_forening",
        "description": "Vi hjälper till.",
        "municipalities": [leksand.pk],
        "languages": ["sv", "ar"],
        "areas": "läxhjälp, språkträning",
    }
    data.update(extra)
    return data


def test_a_user_registers_an_organisation_and_becomes_its_pending_owner(client, owner, leksand):
    client.force_login(owner)
    response = client.post("/mina-sidor/foreningar/ny/", organisation_data(leksand))
    organisation = Organisation.objects.get(name="Nya föreningen")
    assert response.status_code == 302
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.languages == ["sv", "ar"]
    assert sorted(organisation.areas.names()) == ["läxhjälp", "språkträning"]
    assert organisation.memberships.get().user == owner
    assert organisation.memberships.get().role == Membership.Role.OWNER
    dashboard = client.get("/mina-sidor/").content.decode()
    assert "Nya föreningen" in dashboard
    assert client.get(organisation.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        ("x" * 101, "högst 100 tecken"),
        (", ".join(f"område {n}" for n in range(21)), "högst 20 verksamhetsområden"),
    ],
)
def test_areas_of_work_are_bounded_with_a_message(client, owner, leksand, areas, message):
    """An area longer than the tag column (PostgreSQL refuses it) or a flood of areas gets a
    message on the form, and nothing is registered."""
    client.force_login(owner)
    response = client.post("/mina-sidor/foreningar/ny/", organisation_data(leksand, areas=areas))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Nya föreningen").exists()


@pytest.mark.parametrize(
    ("org_number", "message"),
    [("802000-0011", "kontrollsiffran"), ("12345", "tio siffror"), ("abc", "siffror")],
)
def test_invalid_organisation_numbers_store_nothing(client, owner, leksand, org_number, message):
    client.force_login(owner)
    response = client.post(
        "/mina-sidor/foreningar/ny/", organisation_data(leksand, org_number=org_number)
    )
    assert response.status_code == 200
    assert message in response.content.decode().lower()
    assert not Organisation.objects.filter(name="Nya föreningen").exists()


def test_duplicate_organisation_numbers_are_refused(client, owner, org_b, leksand):
    client.force_login(owner)
    response = client.post(
        "/mina-sidor/foreningar/ny/",
        organisation_data(leksand, org_number=org_b.org_number.replace("-", "")),
    )
    assert response.status_code == 200
    assert "redan registrerad" in response.content.decode()
    assert Organisation.objects.count() == 1


def png_bytes(size=(10, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_real_logo_is_stored(client, owner, leksand):
    client.force_login(owner)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    client.post("/mina-sidor/foreningar/ny/", organisation_data(leksand, logo=logo))
    assert Organisation.objects.get().logo.name.endswith(".png")


def test_a_file_that_is_not_an_image_is_refused(client, owner, leksand):
    client.force_login(owner)
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post("/mina-sidor/foreningar/ny/", organisation_data(leksand, logo=fake))
    assert response.status_code == 200
    assert "inte en bild" in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_oversized_logo_is_refused(client, owner, leksand):
    client.force_login(owner)
    big = SimpleUploadedFile(
        "logo.png", png_bytes() + b"\0" * (2 * 1024 * 1024 + 1), content_type="image/png"
    )
    response = client.post("/mina-sidor/foreningar/ny/", organisation_data(leksand, logo=big))
    assert response.status_code == 200
    assert "största tillåtna" in response.content.decode()
    assert not Organisation.objects.exists()


def activity_data(leksand, **extra):
    data = {
        "title": "Språkcafé på biblioteket",
        "kind": "language_cafe",
        "description": "Vi pratar svenska över en fika.",
        "weekdays": ["tue", "thu"],
        "start_time": "17:00",
        "end_time": "19:00",
        "municipality": leksand.pk,
        "address": "Biblioteket, Leksand",
        "languages": ["sv"],
        "cost": "Gratis",
    }
    data.update(extra)
    return data


def test_members_create_publish_and_archive_activities(client, editor, org_a, leksand):
    client.force_login(editor)
    url = reverse("partners:activity_create", args=[org_a.pk])
    client.post(url, activity_data(leksand))
    activity = Activity.objects.get(title="Språkcafé på biblioteket")
    assert activity.status == Activity.Status.DRAFT
    assert activity.weekdays == ["tue", "thu"]
    assert activity.created_by == editor
    assert client.get(activity.get_absolute_url()).status_code == 404

    status_url = reverse("partners:activity_status", args=[org_a.pk, activity.pk])
    client.post(status_url, {"status": "published"})
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "tisdag, torsdag" in response.content.decode()
    client.post(status_url, {"status": "archived"})
    assert client.get(activity.get_absolute_url()).status_code == 404
    client.post(status_url, {"status": "junk"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.ARCHIVED


def test_activity_form_validation(client, owner, org_a, leksand):
    client.force_login(owner)
    url = reverse("partners:activity_create", args=[org_a.pk])
    response = client.post(
        url,
        activity_data(
            leksand,
            municipality="",
            weekdays=[],
            start_date="2026-05-10",
            end_date="2026-05-01",
            start_time="19:00",
            end_time="17:00",
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "sista datumet" in content.lower()
    assert "sluta efter" in content
    assert "kommun" in content
    assert not Activity.objects.exists()
    response = client.post(url, activity_data(leksand, start_date="2026-13-45"))
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_edit_and_publish_a_draft_of_our_own(client, owner, org_a, leksand):
    activity = ActivityFactory(organisation=org_a, status=Activity.Status.DRAFT)
    client.force_login(owner)
    url = reverse("partners:activity_edit", args=[org_a.pk, activity.pk])
    client.post(url, activity_data(leksand, title="Rättad", publish="1"))
    activity.refresh_from_db()
    assert activity.title == "Rättad"
    assert activity.status == Activity.Status.PUBLISHED
    assert client.get(activity.get_absolute_url()).status_code == 200


def test_dashboard_shows_status_and_rejection_reason(client, owner, org_a, leksand):
    rejected = MembershipFactory(
        user=owner,
        role=Membership.Role.OWNER,
        organisation__status=Organisation.Status.REJECTED,
        organisation__status_reason="Organisationsnumret hör till en annan förening.",
    ).organisation
    client.force_login(owner)
    content = client.get("/mina-sidor/").content.decode()
    assert rejected.name in content
    assert "Organisationsnumret hör till en annan förening." in content
    assert "/mina-sidor/evenemang/" in content


def test_no_event_link_without_a_verified_organisation(client, owner, org_b):
    client.force_login(owner)
    assert "/mina-sidor/evenemang/" not in client.get("/mina-sidor/").content.decode()


def test_html_in_member_forms_is_escaped_on_mina_sidor(client, owner, org_a, leksand):
    client.force_login(owner)
    client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        organisation_data(leksand, name="<script>alert(1)</script>", org_number=org_a.org_number),
    )
    org_a.refresh_from_db()
    assert org_a.name == "<script>alert(1)</script>"
    for url in ("/mina-sidor/", reverse("partners:organisation_manage", args=[org_a.pk])):
        assert "<script>alert(1)" not in client.get(url).content.decode()


def test_closing_an_organisation(client, owner, org_a, activity_a, editor):
    client.force_login(editor)
    assert client.post(reverse("partners:organisation_close", args=[org_a.pk])).status_code == 404
    client.force_login(owner)
    client.post(reverse("partners:organisation_close", args=[org_a.pk]))
    assert not Organisation.objects.filter(pk=org_a.pk).exists()
    assert not Activity.objects.filter(pk=activity_a.pk).exists()


def test_correcting_a_rejected_organisation_sends_it_for_review_again(client, owner, leksand):
    rejected = MembershipFactory(
        user=owner,
        role=Membership.Role.OWNER,
        organisation__status=Organisation.Status.REJECTED,
        organisation__status_reason="Fel nummer.",
    ).organisation
    client.force_login(owner)
    client.post(
        reverse("partners:organisation_edit", args=[rejected.pk]),
        organisation_data(leksand, name="Rättad förening", org_number=make_orgnr(4242)),
    )
    rejected.refresh_from_db()
    assert rejected.status == Organisation.Status.PENDING
    assert rejected.name == "Rättad förening"


def verified_org_data(org, leksand, **extra):
    """The form as a verified organisation would send it, keeping name, number and form."""
    kept = {"name": org.name, "org_number": org.org_number, "legal_form": org.legal_form}
    return organisation_data(leksand, **{**kept, **extra})


def test_a_verified_organisation_stays_verified_when_its_description_changes(
    client, owner, org_a, leksand
):
    client.force_login(owner)
    # the number typed without its dash is the same number
    number = org_a.org_number.replace("-", "")
    response = client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        verified_org_data(org_a, leksand, org_number=number, description="Ny text om oss."),
        follow=True,
    )
    org_a.refresh_from_db()
    assert org_a.status == Organisation.Status.VERIFIED
    assert org_a.description == "Ny text om oss."
    assert "inte i katalogen" not in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Helt andra föreningen"},
        {"org_number": make_orgnr(9090)},
        {"legal_form": "stiftelse"},
    ],
)
def test_a_verified_organisation_that_changes_its_identity_is_checked_again(
    client, owner, org_a, leksand, change
):
    from wagtail.models import ModelLogEntry

    client.force_login(owner)
    edit_page = client.get(reverse("partners:organisation_edit", args=[org_a.pk]))
    assert "föreningen igen" in edit_page.content.decode()
    response = client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        verified_org_data(org_a, leksand, **change),
        follow=True,
    )
    org_a.refresh_from_db()
    assert org_a.status == Organisation.Status.PENDING
    assert "inte i katalogen" in response.content.decode()
    assert org_a.get_absolute_url() not in client.get("/foreningar/").content.decode()
    entry = ModelLogEntry.objects.get(action="partners.organisation.resubmit")
    assert entry.user == owner
    assert entry.data["changed"] == list(change)


def test_mina_sidor_pages_keep_a_constant_number_of_queries(client, owner, org_a, leksand):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = []
        for url in ("/mina-sidor/", reverse("partners:organisation_manage", args=[org_a.pk])):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def grow(n):
        for _ in range(n):
            ActivityFactory(organisation=org_a, municipality=leksand)
            MembershipFactory(organisation=org_a)
            InvitationFactory(organisation=org_a, invited_by=owner)
            MembershipFactory(user=owner, role=Membership.Role.OWNER)

    client.force_login(owner)
    grow(2)
    counts()
    small = counts()
    grow(20)
    counts()  # a change makes the kept site chrome fresh once (portal.context_processors)
    assert counts() == small


def test_an_organisation_edit_is_written_to_the_index_once_and_found(
    client, owner, org_a, leksand, activity_a, django_capture_on_commit_callbacks
):
    from django_tasks.signals import task_enqueued

    org_a.areas.add("läxhjälp", "språkträning")
    client.force_login(owner)
    queued = []

    def count(sender, task_result, **kwargs):
        if task_result.task.module_path == "search.tasks.update_index":
            queued.append(task_result.args[0])

    task_enqueued.connect(count)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("partners:organisation_edit", args=[org_a.pk]),
                organisation_data(
                    leksand,
                    name=org_a.name,
                    org_number=org_a.org_number,
                    legal_form=org_a.legal_form,
                    description="Vi ordnar cykelkurser för nyanlända kvinnor.",
                ),
            )
    finally:
        task_enqueued.disconnect(count)
    assert response.status_code == 302
    assert len(queued) == 1, queued
    assert f"organisation:{org_a.pk}" in queued[0]
    found = client.get("/sok/?q=cykelkurser").content.decode()
    assert org_a.name in found
