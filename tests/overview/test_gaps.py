"""Each gap rule finds a gap where there is one and stays quiet where there is none."""

import datetime

import pytest

from agreements.factories import ActionPlanItemFactory, AgreementPageFactory, local_agreement
from agreements.models import ActionPlanItem, SettlementQuota
from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import ActivityKind, Organisation
from portal.gaps import (
    ExpiredWithoutSuccessor,
    ExpiringAgreement,
    NoLocalAgreement,
    OverdueActionItems,
    QuotaWithoutActivity,
    find_gaps,
    gaps_for_counties,
)
from portal.overview import collect_facts

D = datetime.date
pytestmark = pytest.mark.django_db


def found(rule, counties, today):
    return find_gaps(collect_facts(counties, today), rules=[rule])


def subjects(gaps):
    return {gap.subject for gap in gaps}


def test_municipality_without_local_agreement_is_a_gap(agreement_index, dalarna, today):
    local_agreement(agreement_index, ["2029"], valid_from=D(2025, 1, 1), valid_to=D(2027, 12, 31))
    gaps = found(NoLocalAgreement(), [dalarna], today)
    assert "Rättvik" in subjects(gaps)
    assert "Leksand" not in subjects(gaps)
    assert len(gaps) == 14  # Dalarna's 15 municipalities, one with a LÖK in force


def test_a_local_agreement_not_yet_in_force_does_not_count(agreement_index, dalarna, today):
    local_agreement(agreement_index, ["2029"], valid_from=D(2026, 7, 1), valid_to=D(2028, 12, 31))
    assert "Leksand" in subjects(found(NoLocalAgreement(), [dalarna], today))


def test_agreement_ending_within_90_days_is_a_gap(agreement_index, dalarna, today):
    AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Dalarna 2023–2026",
        county=dalarna,
        valid_from=D(2023, 1, 1),
        valid_to=D(2026, 7, 15),
    )
    gaps = found(ExpiringAgreement(), [dalarna], today)
    assert subjects(gaps) == {"RÖK Dalarna 2023–2026"}
    assert "44" in gaps[0].detail and "15 juli 2026" in gaps[0].detail


def test_agreement_with_long_left_or_a_successor_is_no_gap(agreement_index, dalarna, today):
    AgreementPageFactory(
        parent=agreement_index,
        title="Lång",
        county=dalarna,
        valid_from=D(2023, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    ending = AgreementPageFactory(
        parent=agreement_index,
        title="Slutar snart",
        county=dalarna,
        valid_from=D(2022, 1, 1),
        valid_to=D(2026, 7, 15),
    )
    AgreementPageFactory(
        parent=agreement_index,
        title="Nästa",
        county=dalarna,
        replaces=ending,
        valid_from=D(2026, 7, 16),
        valid_to=D(2029, 12, 31),
    )
    assert found(ExpiringAgreement(), [dalarna], today) == []


def test_expired_agreement_without_successor_is_a_gap(agreement_index, dalarna, today):
    local_agreement(
        agreement_index,
        ["2029"],
        title="LÖK Leksand 2020–2023",
        valid_from=D(2020, 1, 1),
        valid_to=D(2023, 12, 31),
    )
    gaps = found(ExpiredWithoutSuccessor(), [dalarna], today)
    assert subjects(gaps) == {"LÖK Leksand 2020–2023"}
    assert gaps[0].municipality.name == "Leksand"


def test_expired_agreement_followed_by_a_new_one_is_no_gap(agreement_index, dalarna, today):
    local_agreement(
        agreement_index,
        ["2029"],
        title="Gammal",
        valid_from=D(2020, 1, 1),
        valid_to=D(2023, 12, 31),
    )
    local_agreement(
        agreement_index,
        ["2029", "2031"],
        title="Ny",
        valid_from=D(2024, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    assert found(ExpiredWithoutSuccessor(), [dalarna], today) == []


def test_unpublished_agreement_is_not_seen_by_the_rules(agreement_index, dalarna, today):
    page = local_agreement(
        agreement_index, ["2029"], valid_from=D(2025, 1, 1), valid_to=D(2027, 12, 31)
    )
    page.unpublish()
    assert "Leksand" in subjects(found(NoLocalAgreement(), [dalarna], today))


def _quota(municipality, year, number=10):
    SettlementQuota.objects.create(
        municipality=municipality,
        year=year,
        number=number,
        group=SettlementQuota.Group.QUOTA_REFUGEES,
    )


def test_quota_without_language_cafe_or_refugee_guide_is_a_gap(home, dalarna, leksand, today):
    _quota(leksand, today.year, 12)
    organisation = OrganisationFactory(municipalities=[leksand])
    ActivityFactory(
        organisation=organisation, kind=ActivityKind.LANGUAGE_CAFE, municipality=leksand
    )
    gaps = found(QuotaWithoutActivity(), [dalarna], today)
    assert subjects(gaps) == {"Leksand"}
    assert "flyktingguide" in gaps[0].detail
    assert "språkcafé" not in gaps[0].detail
    assert "12" in gaps[0].detail


def test_quota_with_both_kinds_active_is_no_gap(home, dalarna, leksand, today):
    _quota(leksand, today.year)
    organisation = OrganisationFactory(municipalities=[leksand])
    ActivityFactory(
        organisation=organisation, kind=ActivityKind.LANGUAGE_CAFE, municipality=leksand
    )
    # an online activity counts for the municipalities its organisation serves
    ActivityFactory(organisation=organisation, kind=ActivityKind.REFUGEE_GUIDE, municipality=None)
    assert found(QuotaWithoutActivity(), [dalarna], today) == []


def test_no_quota_this_year_is_no_gap(home, dalarna, leksand, today):
    _quota(leksand, today.year - 1)
    assert found(QuotaWithoutActivity(), [dalarna], today) == []


def test_activities_of_unverified_organisations_do_not_count(home, dalarna, leksand, today):
    _quota(leksand, today.year)
    pending = OrganisationFactory(municipalities=[leksand], status=Organisation.Status.PENDING)
    ActivityFactory(organisation=pending, kind=ActivityKind.LANGUAGE_CAFE, municipality=leksand)
    ActivityFactory(organisation=pending, kind=ActivityKind.REFUGEE_GUIDE, municipality=leksand)
    assert subjects(found(QuotaWithoutActivity(), [dalarna], today)) == {"Leksand"}


def test_overdue_action_item_is_a_gap(agreement_index, dalarna, today):
    page = AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Dalarna",
        county=dalarna,
        valid_from=D(2024, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    ActionPlanItemFactory(page=page, goal="Gemensam introduktion", due_date=D(2026, 3, 1))
    ActionPlanItemFactory(
        page=page, goal="Klart", due_date=D(2026, 2, 1), progress=ActionPlanItem.Progress.DONE
    )
    ActionPlanItemFactory(page=page, goal="Senare", due_date=D(2026, 9, 1))
    gaps = found(OverdueActionItems(), [dalarna], today)
    assert subjects(gaps) == {"RÖK Dalarna"}
    assert "Gemensam introduktion" in gaps[0].detail
    assert "Klart" not in gaps[0].detail and "Senare" not in gaps[0].detail


def test_action_items_done_or_not_yet_due_are_no_gap(agreement_index, dalarna, today):
    page = AgreementPageFactory(
        parent=agreement_index, county=dalarna, valid_from=D(2024, 1, 1), valid_to=D(2027, 12, 31)
    )
    ActionPlanItemFactory(page=page, due_date=D(2026, 3, 1), progress=ActionPlanItem.Progress.DONE)
    ActionPlanItemFactory(page=page, due_date=D(2026, 9, 1))
    assert found(OverdueActionItems(), [dalarna], today) == []


def test_gap_list_is_filtered_by_county(agreement_index, dalarna, blekinge, today):
    AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Blekinge",
        county=blekinge,
        valid_from=D(2023, 1, 1),
        valid_to=D(2026, 7, 1),
    )
    in_blekinge = gaps_for_counties([blekinge], today)
    in_dalarna = gaps_for_counties([dalarna], today)
    assert {gap.county.slug for gap in in_blekinge} == {"blekinge"}
    assert {gap.county.slug for gap in in_dalarna} == {"dalarna"}
    assert "RÖK Blekinge" in subjects(in_blekinge)
    assert "RÖK Blekinge" not in subjects(in_dalarna)
    only = gaps_for_counties([blekinge], today, rule_keys=["upphor-snart"])
    assert subjects(only) == {"RÖK Blekinge"}
