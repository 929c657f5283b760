"""Where each page type may live in the tree."""

import pytest

from agreements.models import (
    AgreementIndexPage,
    AgreementPage,
    MethodSupportIndexPage,
    MethodSupportPage,
    ProjectIndexPage,
    ProjectPage,
    SettlementQuotaPage,
)
from portal.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def parents(model):
    return set(model.allowed_parent_page_models())


@pytest.mark.parametrize(
    "model, parent",
    [
        (AgreementIndexPage, HomePage),
        (MethodSupportIndexPage, HomePage),
        (ProjectIndexPage, HomePage),
        (SettlementQuotaPage, HomePage),
        (AgreementPage, AgreementIndexPage),
        (MethodSupportPage, MethodSupportIndexPage),
        (ProjectPage, ProjectIndexPage),
    ],
)
def test_allowed_parent(model, parent):
    assert parents(model) == {parent}


def test_children_only_under_their_index(home, agreement_index):
    assert not AgreementPage.can_exist_under(home)
    assert AgreementPage.can_exist_under(agreement_index)
    assert not ProjectPage.can_exist_under(agreement_index)
    assert StandardPage not in AgreementIndexPage.allowed_parent_page_models()
    assert set(AgreementIndexPage.clean_subpage_models()) == {AgreementPage}
    assert set(MethodSupportIndexPage.clean_subpage_models()) == {MethodSupportPage}
    assert set(ProjectIndexPage.clean_subpage_models()) == {ProjectPage}
    for leaf in (AgreementPage, MethodSupportPage, ProjectPage, SettlementQuotaPage):
        assert leaf.clean_subpage_models() == []


def test_one_index_of_each_kind(home):
    from agreements.factories import AgreementIndexPageFactory, SettlementQuotaPageFactory

    assert AgreementIndexPage.can_create_at(home)
    AgreementIndexPageFactory(parent=home)
    SettlementQuotaPageFactory(parent=home)
    assert not AgreementIndexPage.can_create_at(home)
    assert not SettlementQuotaPage.can_create_at(home)
