"""Registration and invitations are rate-limited per IP (invitations also per invited address):
over the limit the form is shown again with a Swedish message, status 429, nothing saved or sent."""

from django.core import mail
from django.test import override_settings
from django.urls import reverse

import pytest

from partners.factories import make_orgnr
from partners.models import Invitation, Organisation

pytestmark = pytest.mark.django_db

LIMITS = {"organisation_register": "2/h/ip", "invitation": "30/h/ip,2/h/key"}


def registration(leksand, serial):
    return {
        "name": f"Förening {serial}",
        "org_number": make_orgnr(900 + serial),
        "legal_form": "ideell_forening",
        "municipalities": [leksand.pk],
    }


@override_settings(PORTAL_RATE_LIMITS=LIMITS)
def test_registering_many_organisations_from_one_address_is_stopped(client, owner, leksand):
    client.force_login(owner)
    for serial in (1, 2):
        assert (
            client.post("/mina-sidor/foreningar/ny/", registration(leksand, serial)).status_code
            == 302
        )
    response = client.post("/mina-sidor/foreningar/ny/", registration(leksand, 3))
    assert response.status_code == 429
    assert "För många registreringar" in response.content.decode()
    assert 'name="name"' in response.content.decode()
    assert not Organisation.objects.filter(name="Förening 3").exists()


@override_settings(PORTAL_RATE_LIMITS=LIMITS)
def test_one_address_cannot_be_invited_over_and_over(client, owner, org_a):
    client.force_login(owner)
    url = reverse("partners:invite", args=[org_a.pk])
    for _ in range(2):
        client.post(url, {"email": "mal@example.se", "role": "editor"})
        Invitation.objects.filter(email="mal@example.se").delete()
    mail.outbox.clear()
    response = client.post(url, {"email": "Mal@Example.se", "role": "editor"})
    assert response.status_code == 429
    assert "För många inbjudningar" in response.content.decode()
    assert not Invitation.objects.filter(email="mal@example.se").exists()
    assert mail.outbox == []
    # Another address is still fine.
    assert client.post(url, {"email": "annan@example.se", "role": "editor"}).status_code == 302


@override_settings(PORTAL_RATE_LIMITS={**LIMITS, "invitation": "2/h/ip,5/h/key"})
def test_invitations_are_limited_per_ip(client, owner, org_a):
    client.force_login(owner)
    url = reverse("partners:invite", args=[org_a.pk])
    for number in range(2):
        assert (
            client.post(url, {"email": f"van{number}@example.se", "role": "editor"}).status_code
            == 302
        )
    response = client.post(url, {"email": "tredje@example.se", "role": "editor"})
    assert response.status_code == 429
    assert not Invitation.objects.filter(email="tredje@example.se").exists()
    assert len(mail.outbox) == 2
