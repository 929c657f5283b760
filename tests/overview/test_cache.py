"""The anonymous page cache forgets every overview page when something they show changes."""

import pytest

from agreements.factories import SettlementQuotaFactory, local_agreement
from events.factories import CalendarIndexPageFactory, make_event
from partners.factories import ActivityFactory, OrganisationFactory
from portal import page_cache
from portal.models import CountyBoardContact

pytestmark = pytest.mark.django_db

OVERVIEWS = {"/kommuner/*", "/lan/*"}


def test_changes_to_what_the_overviews_show_purge_them(agreement_index, dalarna, leksand):
    import datetime

    organisation = OrganisationFactory(municipalities=[leksand])
    things = [
        organisation,
        ActivityFactory(organisation=organisation),
        SettlementQuotaFactory(municipality=leksand),
        local_agreement(agreement_index, ["2029"]),
        make_event(
            CalendarIndexPageFactory(parent=agreement_index.get_parent()),
            datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC),
        ),
        CountyBoardContact.objects.create(county=dalarna, email="dalarna@lansstyrelsen.se"),
    ]
    for thing in things:
        assert page_cache.urls_for(thing) >= OVERVIEWS, thing
