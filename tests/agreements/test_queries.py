import datetime

import pytest

from agreements.factories import AgreementPageFactory, SettlementQuotaFactory, local_agreement
from agreements.queries import agreements_in_force_for, quotas_for
from portal.models import County, Municipality

pytestmark = pytest.mark.django_db
D = datetime.date


def test_in_force_for_a_municipality(agreement_index, today):
    dalarna = County.objects.get(code="20")
    rok = AgreementPageFactory(parent=agreement_index, title="RÖK Dalarna", county=dalarna)
    lok = local_agreement(agreement_index, ["2029"], title="LÖK Leksand")
    local_agreement(agreement_index, ["2031"], title="LÖK Rättvik")
    AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Dalarna gammal",
        county=dalarna,
        valid_from=D(2016, 1, 1),
        valid_to=D(2018, 12, 31),
    )
    AgreementPageFactory(parent=agreement_index, title="RÖK Blekinge")
    leksand = Municipality.objects.get(code="2029")
    assert set(agreements_in_force_for(leksand)) == {rok, lok}


def test_quotas_newest_first(home):
    leksand = Municipality.objects.get(code="2029")
    SettlementQuotaFactory(year=2023)
    SettlementQuotaFactory(year=2025)
    assert [q.year for q in quotas_for(leksand)] == [2025, 2023]
