import datetime

import pytest

from portal.models import County, Municipality

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def dalarna(db):
    return County.objects.get(code="20")


@pytest.fixture
def blekinge(db):
    return County.objects.get(code="10")


@pytest.fixture
def leksand(db):
    return Municipality.objects.get(code="2029")


@pytest.fixture
def rattvik(db):
    return Municipality.objects.get(code="2031")


@pytest.fixture
def agreement_index(home):
    from agreements.factories import AgreementIndexPageFactory

    return AgreementIndexPageFactory(parent=home)
