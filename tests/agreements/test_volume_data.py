import io

from django.core.management import call_command

import pytest

from agreements.models import AgreementPage

pytestmark = pytest.mark.django_db


def test_volume_data_is_fast_to_rerun_and_a_valid_tree(client, agreement_index, today):
    out = io.StringIO()
    call_command("agreements_volume_data", "--count", "30", "--seed", "3", stdout=out)
    assert "Created 30" in out.getvalue()
    call_command("agreements_volume_data", "--count", "30", "--seed", "3", stdout=out)
    assert "All 30 volume agreements exist" in out.getvalue()
    assert AgreementPage.objects.count() == 30
    agreement_index.refresh_from_db()
    assert agreement_index.numchild == 30
    assert agreement_index.get_children().count() == 30
    local = AgreementPage.objects.filter(kind="lok").first()
    assert local.municipalities.count() == 1
    response = client.get("/overenskommelser/")
    assert response.context["result_count"] == 30
    assert client.get(local.url).status_code == 200
    # the tree still takes new children the normal way
    from agreements.factories import AgreementPageFactory

    extra = AgreementPageFactory(parent=agreement_index, title="Efter volymdata")
    assert extra.depth == agreement_index.depth + 1
