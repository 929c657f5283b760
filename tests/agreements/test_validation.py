"""Bad agreement data gets a clear Swedish message and nothing is saved."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from agreements.factories import AgreementPageFactory
from agreements.models import AgreementPage
from portal.models import County, Municipality

pytestmark = pytest.mark.django_db
D = datetime.date


def build(**fields):
    defaults = {
        "title": "Test",
        "slug": "test",
        "kind": AgreementPage.Kind.REGIONAL,
        "county": County.objects.get(code="10"),
        "valid_from": D(2024, 1, 1),
        "valid_to": D(2025, 12, 31),
    }
    return AgreementPage(**{**defaults, **fields})


def errors_of(page, agreement_index):
    with translation.override("sv"), pytest.raises(ValidationError) as excinfo:
        agreement_index.add_child(instance=page)
    assert not AgreementPage.objects.filter(slug=page.slug).exists()
    return excinfo.value.message_dict


def test_period_ending_before_it_starts(agreement_index):
    errors = errors_of(build(valid_to=D(2023, 12, 31)), agreement_index)
    assert "slutar innan den börjar" in errors["valid_to"][0]


def test_regional_agreement_needs_a_county(agreement_index):
    errors = errors_of(build(county=None), agreement_index)
    assert "län" in errors["county"][0]


def test_local_agreement_needs_a_municipality(agreement_index):
    errors = errors_of(build(kind=AgreementPage.Kind.LOCAL, county=None), agreement_index)
    assert "kommun" in errors["municipalities"][0]


def test_valid_local_agreement_saves(agreement_index):
    page = build(kind=AgreementPage.Kind.LOCAL, county=None)
    page.municipalities = [Municipality.objects.get(code="2029")]
    agreement_index.add_child(instance=page)
    assert list(page.municipalities.values_list("name", flat=True)) == ["Leksand"]


def test_local_agreement_links_to_regional_in_force(agreement_index, today, client):
    from agreements.factories import local_agreement

    rok = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Dalarna",
        county=County.objects.get(code="20"),
        valid_from=D(2024, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    lok = local_agreement(agreement_index, ["2029"], title="LÖK Leksand")
    assert lok.regional_agreement == rok
    assert rok.url in client.get(lok.url).content.decode()


def test_history_links_both_ways(agreement_index, today, client):
    old = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK 2016–2018",
        valid_from=D(2016, 1, 1),
        valid_to=D(2018, 12, 31),
    )
    new = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK 2019–2021",
        valid_from=D(2019, 1, 1),
        valid_to=D(2021, 12, 31),
        replaces=old,
    )
    assert "Ersätter" in client.get(new.url).content.decode()
    old_html = client.get(old.url).content.decode()
    assert "Ersatt av" in old_html and new.url in old_html


def test_history_shows_the_whole_chain(agreement_index, today, client):
    first = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK 2013–2015",
        valid_from=D(2013, 1, 1),
        valid_to=D(2015, 12, 31),
    )
    second = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK 2016–2018",
        valid_from=D(2016, 1, 1),
        valid_to=D(2018, 12, 31),
        replaces=first,
    )
    third = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK 2019–2021",
        valid_from=D(2019, 1, 1),
        valid_to=D(2021, 12, 31),
        replaces=second,
    )
    html = client.get(third.url).content.decode()
    assert "Tidigare version" in html and first.url in html
    assert "Ersätter" in html and second.url in html
