"""Factories for tests and volume data."""

import datetime

import factory
import wagtail_factories

from portal.models import County, Municipality

from .models import (
    ActionPlanItem,
    AgreementIndexPage,
    AgreementPage,
    AgreementParty,
    MethodSupportIndexPage,
    MethodSupportPage,
    ProjectIndexPage,
    ProjectPage,
    SettlementQuota,
    SettlementQuotaPage,
)


class AgreementIndexPageFactory(wagtail_factories.PageFactory):
    title = "Överenskommelser"
    slug = "overenskommelser"

    class Meta:
        model = AgreementIndexPage


class AgreementPageFactory(wagtail_factories.PageFactory):
    """A RÖK for Blekinge by default; pass kind=LOCAL and municipalities=[...] for a LÖK."""

    title = factory.Sequence(lambda n: f"Överenskommelse {n}")
    kind = AgreementPage.Kind.REGIONAL
    county = factory.LazyAttribute(
        lambda o: County.objects.get(code="10") if o.kind == AgreementPage.Kind.REGIONAL else None
    )
    valid_from = datetime.date(2025, 1, 1)
    valid_to = datetime.date(2027, 12, 31)
    adopted_by = "Integrationsrådet"

    class Meta:
        model = AgreementPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        municipalities = kwargs.pop("municipalities", None)
        if municipalities is not None:
            kwargs["municipalities"] = list(municipalities)
        return super()._create(model_class, *args, **kwargs)


def local_agreement(parent, municipality_codes, **kwargs):
    municipalities = list(Municipality.objects.filter(code__in=municipality_codes))
    return AgreementPageFactory(
        parent=parent, kind=AgreementPage.Kind.LOCAL, municipalities=municipalities, **kwargs
    )


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Part {n}")
    kind = AgreementParty.Kind.AGENCY

    class Meta:
        model = AgreementParty


class ActionPlanItemFactory(factory.django.DjangoModelFactory):
    goal = factory.Sequence(lambda n: f"Mål {n}")
    responsible = "Länsstyrelsen"
    due_date = datetime.date(2026, 6, 30)

    class Meta:
        model = ActionPlanItem


class MethodSupportIndexPageFactory(wagtail_factories.PageFactory):
    title = "Metodstöd"
    slug = "metodstod"

    class Meta:
        model = MethodSupportIndexPage


class MethodSupportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Metodstöd {n}")
    publishers = "Arbetsförmedlingen\nLänsstyrelserna"
    publication_year = 2017

    class Meta:
        model = MethodSupportPage


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projekt"
    slug = "projekt"

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Projekt {n}")
    project_owner = "Länsstyrelsen i Dalarnas län"
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2027, 12, 31)

    class Meta:
        model = ProjectPage


class SettlementQuotaPageFactory(wagtail_factories.PageFactory):
    title = "Kommuntal"
    slug = "kommuntal"

    class Meta:
        model = SettlementQuotaPage


class SettlementQuotaFactory(factory.django.DjangoModelFactory):
    year = 2024
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="2029"))
    group = SettlementQuota.Group.QUOTA_REFUGEES
    number = 10

    class Meta:
        model = SettlementQuota
