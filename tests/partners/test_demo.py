"""The demo loader builds the directory once, idempotently, with every activity kind."""

import io

from django.core.management import call_command

import pytest

from partners.models import Activity, ActivityKind, Organisation

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_every_kind_and_status(client, demo_content):
    organisations = Organisation.objects.count()
    activities = Activity.objects.count()
    assert organisations >= 12
    statuses = set(Organisation.objects.values_list("status", flat=True))
    assert {"pending", "verified", "rejected"} <= statuses
    public_kinds = set(Activity.objects.public().values_list("kind", flat=True))
    assert public_kinds == set(ActivityKind.values)
    call_command("load_demo_content", "--quiet-logins", stdout=io.StringIO())
    assert Organisation.objects.count() == organisations
    assert Activity.objects.count() == activities
    content = client.get("/foreningar/?lan=blekinge").content.decode()
    assert "Karlskrona Språkcafé" in content
    assert "Sölvesborgs Digitalhjälp" not in content
    for organisation in Organisation.objects.public():
        assert client.get(organisation.get_absolute_url()).status_code == 200
