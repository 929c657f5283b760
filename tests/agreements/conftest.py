import datetime

import pytest

from agreements.factories import AgreementIndexPageFactory, AgreementPageFactory, local_agreement
from portal.models import County

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def today(monkeypatch):
    """Freeze the Stockholm date at the demo's "today", 2026-11-25."""
    import django.utils.timezone

    frozen = datetime.datetime(2026, 11, 25, 11, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(django.utils.timezone, "now", lambda: frozen)
    return TODAY


@pytest.fixture
def agreement_index(home):
    return AgreementIndexPageFactory(parent=home)


@pytest.fixture
def sample_agreements(agreement_index, today):
    """One agreement per interesting case: counties, types, statuses and years."""
    D = datetime.date
    blekinge = County.objects.get(code="10")
    dalarna = County.objects.get(code="20")
    return {
        "rok_blekinge_old": AgreementPageFactory(
            parent=agreement_index,
            title="RÖK Blekinge 2019–2021",
            slug="rok-blekinge-2019-2021",
            county=blekinge,
            valid_from=D(2019, 1, 1),
            valid_to=D(2021, 12, 31),
        ),
        "rok_blekinge": AgreementPageFactory(
            parent=agreement_index,
            title="RÖK Blekinge 2022–2026",
            county=blekinge,
            valid_from=D(2022, 1, 1),
            valid_to=D(2026, 12, 31),
        ),
        "rok_dalarna": AgreementPageFactory(
            parent=agreement_index,
            title="RÖK Dalarna 2027–2029",
            county=dalarna,
            valid_from=D(2027, 1, 1),
            valid_to=D(2029, 12, 31),
        ),
        "lok_leksand": local_agreement(
            agreement_index,
            ["2029"],
            title="LÖK Leksand",
            valid_from=D(2024, 1, 1),
            valid_to=D(2026, 12, 31),
        ),
        "lok_karlskrona": local_agreement(
            agreement_index,
            ["1080", "1081"],
            title="LÖK Karlskrona och Ronneby",
            valid_from=D(2020, 1, 1),
            valid_to=D(2022, 6, 30),
        ),
    }
