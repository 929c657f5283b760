import io

from django.core.management import call_command

import pytest

from partners.models import Activity, Organisation


@pytest.mark.django_db
def test_volume_command_is_repeatable(client, home):
    call_command("build_partner_volume", "--count", "30", "--batch", "7", stdout=io.StringIO())
    assert Organisation.objects.public().count() == 30
    assert Activity.objects.public().count() == 60
    call_command("build_partner_volume", "--count", "30", stdout=io.StringIO())
    assert Organisation.objects.count() == 30
    assert client.get("/foreningar/?sida=2").status_code == 200
