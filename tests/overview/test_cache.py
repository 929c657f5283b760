"""The anonymous page cache forgets every overview page when something they show changes."""

import re

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


# --- the overviews' own fragment cache (portal.overview.Fragments) -----------------------------


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def calendar(home):
    return CalendarIndexPageFactory(parent=home)


@pytest.mark.parametrize(
    "url", ["/kommuner/leksand/", "/lan/dalarna/", "/lan/dalarna/?sortera=-kommuntal"]
)
def test_a_second_render_reuses_the_kept_parts(client, agreement_index, calendar, leksand, url):
    """The sections, gaps and county table are rendered once: a second visit (anonymous or
    logged in, with the page cache off) reads them back instead of querying for them again, and
    shows the same."""
    local_agreement(agreement_index, ["2029"], title="LÖK Leksand")
    first, first_html = _count_queries(client, url)
    second, second_html = _count_queries(client, url)
    assert second <= first - 15, (first, second)
    # the same page, but for the CSRF token masked afresh for every answer
    assert CSRF.sub("", second_html) == CSRF.sub("", first_html)
    assert "LÖK Leksand" in second_html


def test_a_change_shows_at_once_on_both_overviews(client, agreement_index, calendar, leksand, home):
    """Whatever is kept of the overviews, a publish, a verification or a new event is shown on
    /kommuner/leksand/ and /lan/dalarna/ at the next request."""
    import datetime

    from django.utils import timezone

    from partners.models import Organisation

    urls = ["/kommuner/leksand/", "/lan/dalarna/"]

    def shown(text):
        return [text in client.get(url).content.decode() for url in urls]

    assert shown("LÖK Leksand ny") == [False, False]
    agreement = local_agreement(
        agreement_index,
        ["2029"],
        title="LÖK Leksand ny",
        valid_from=timezone.localdate() - datetime.timedelta(days=10),
        valid_to=timezone.localdate() + datetime.timedelta(days=400),
    )
    assert shown("LÖK Leksand ny") == [True, True]

    agreement.title = "LÖK Leksand omdöpt"
    agreement.save_revision().publish()
    assert shown("LÖK Leksand omdöpt") == [True, True]
    agreement.unpublish()
    assert shown("LÖK Leksand omdöpt") == [False, False]

    organisation = OrganisationFactory(
        name="Nyföreningen", municipalities=[leksand], status=Organisation.Status.PENDING
    )
    ActivityFactory(organisation=organisation, title="Nytt språkcafé", municipality=leksand)
    assert shown("Nytt språkcafé") == [False, False]
    assert "Nyföreningen" not in client.get(urls[0]).content.decode()
    organisation.status = Organisation.Status.VERIFIED
    organisation.save()
    assert "Nyföreningen" in client.get(urls[0]).content.decode()
    assert shown("Nytt språkcafé") == [True, False]  # the county page counts activities by kind
    county_html = client.get(urls[1]).content.decode()
    leksand_row = county_html.split('href="/kommuner/leksand/"')[1].split("</tr>")[0]
    assert ">1<" in leksand_row  # one organisation, one activity

    make_event(
        calendar,
        timezone.now() + datetime.timedelta(days=3),
        publish=True,
        title="Ny utbildning i Leksand",
        slug="ny-utbildning",
        municipalities=[leksand],
    )
    assert shown("Ny utbildning i Leksand") == [True, True]

    SettlementQuotaFactory(municipality=leksand, year=timezone.localdate().year, number=4711)
    assert shown("4711") == [True, True]
