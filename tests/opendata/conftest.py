import datetime

import pytest

from agreements.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    SettlementQuotaFactory,
    local_agreement,
)
from agreements.models import AgreementParty, SettlementQuota
from events.factories import CalendarIndexPageFactory, make_event
from events.models.event import STOCKHOLM
from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Activity, Organisation
from portal.models import County, Municipality, TargetGroup


@pytest.fixture
def future():
    def at(days=30, hour=9):
        day = datetime.datetime.now(tz=STOCKHOLM).date() + datetime.timedelta(days=days)
        return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=STOCKHOLM)

    return at


@pytest.fixture
def places(db):
    return {
        "dalarna": County.objects.get(code="20"),
        "blekinge": County.objects.get(code="10"),
        "leksand": Municipality.objects.get(code="2029"),
        "karlskrona": Municipality.objects.get(code="1080"),
    }


@pytest.fixture
def indexes(home):
    return {
        "agreements": AgreementIndexPageFactory(parent=home),
        "calendar": CalendarIndexPageFactory(parent=home),
    }


@pytest.fixture
def content(indexes, places, future):
    """One public item of each kind and one hidden item of each kind."""
    D = datetime.date
    rok = AgreementPageFactory(
        parent=indexes["agreements"],
        title="RÖK Dalarna 2024–2027",
        county=places["dalarna"],
        valid_from=D(2024, 1, 1),
        valid_to=D(2099, 12, 31),
    )
    AgreementParty.objects.create(page=rok, name="Länsstyrelsen Dalarna", kind="agency")
    lok = local_agreement(
        indexes["agreements"],
        ["2029"],
        title="LÖK Leksand",
        valid_from=D(2019, 1, 1),
        valid_to=D(2021, 12, 31),
    )
    hidden_agreement = AgreementPageFactory(
        parent=indexes["agreements"], title="Hemlig överenskommelse", live=False
    )
    SettlementQuotaFactory(year=2024, number=16)
    SettlementQuotaFactory(year=2024, group=SettlementQuota.Group.UKRAINE, number=21)
    SettlementQuotaFactory(year=2025, municipality=places["karlskrona"], number=30)
    group = TargetGroup.objects.first()
    organisation = OrganisationFactory(
        name="Språkvänner Leksand",
        municipalities=[places["leksand"]],
        email="info@sprakvanner.se",
        email_public=False,
        phone="070-1234567",
        phone_public=True,
    )
    organisation.languages = ["sv", "ar"]
    organisation.save()
    organisation.target_groups.add(group)
    pending = OrganisationFactory(name="Ej verifierad", status=Organisation.Status.PENDING)
    activity = ActivityFactory(
        organisation=organisation,
        title="Språkcafé i Leksand",
        municipality=places["leksand"],
        is_online=False,
    )
    activity.languages = ["ar"]
    activity.save()
    draft = ActivityFactory(organisation=organisation, title="Utkast", status=Activity.Status.DRAFT)
    event = make_event(
        indexes["calendar"],
        future(20),
        title="Traumamedvetet bemötande",
        municipalities=[places["leksand"]],
        topics=["trauma"],
        sessions=2,
        format="online",
    )
    hidden_event = make_event(indexes["calendar"], future(25), title="Opublicerat evenemang")
    hidden_event.unpublish()
    return {
        "rok": rok,
        "lok": lok,
        "hidden_agreement": hidden_agreement,
        "organisation": organisation,
        "pending": pending,
        "activity": activity,
        "draft": draft,
        "event": event,
        "hidden_event": hidden_event,
        "group": group,
    }
