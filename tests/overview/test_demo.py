"""The demo shows Dalarna and Blekinge with real gaps, and a staff member bound to Dalarna gets
the dashboard and the digest."""

import io

from django.core import mail
from django.core.management import call_command

import pytest

from portal.models import StaffProfile

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_demo_overviews_dashboard_and_digest(client, demo_content):
    leksand = html_of(client, "/kommuner/leksand/")
    assert "LÖK Leksand 2024–2026" in leksand and "RÖK Dalarna 2024–2027" in leksand
    assert "Språkcafé på Leksands bibliotek" in leksand
    assert "Kommuntal för Leksand per år" in leksand
    assert "Integrationsenheten" in leksand  # the county board's contact
    rattvik = html_of(client, "/kommuner/rattvik/")
    assert "LÖK Rättvik 2025–2027" in rattvik
    dalarna = html_of(client, "/lan/dalarna/")
    assert "Kommuner utan lokal överenskommelse som gäller" in dalarna
    assert "Försenade punkter i handlingsplaner" in dalarna
    blekinge = html_of(client, "/lan/blekinge/")
    assert "Överenskommelser som upphört utan efterföljare" in blekinge
    assert "LÖK Ronneby 2020–2022" in blekinge

    profile = StaffProfile.objects.get(user__email="granskare@lansstyrelsen.example")
    assert [c.slug for c in profile.counties.all()] == ["dalarna"]
    client.force_login(profile.user)
    dashboard = html_of(client, "/admin/")
    assert "Väntar på dig" in dashboard and "Luckor i dina län" in dashboard
    report = html_of(client, "/admin/behover-uppmarksamhet/")
    assert "Borlänge" in report and "Ronneby" not in report

    call_command("send_overview_digest", stdout=io.StringIO())
    call_command("send_overview_digest", stdout=io.StringIO())
    to_reviewer = [m for m in mail.outbox if m.to == ["granskare@lansstyrelsen.example"]]
    assert len(to_reviewer) == 1
    assert "Kommuner utan lokal överenskommelse som gäller" in to_reviewer[0].body
