"""Every place a municipality or county is named links to its overview page."""

import datetime

from django.template import Context, Template
from django.utils import timezone

import pytest

from agreements.factories import (
    AgreementPageFactory,
    SettlementQuotaFactory,
    SettlementQuotaPageFactory,
    local_agreement,
)
from events.factories import CalendarIndexPageFactory, make_event
from partners.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LEKSAND = 'href="/kommuner/leksand/"'
DALARNA = 'href="/lan/dalarna/"'


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_tags_link_by_slug_and_escape_the_text(leksand, dalarna):
    html = Template(
        "{% load geography %}{% municipality_link m %}|{% county_link c %}|"
        "{% county_link c text %}|{% municipality_link none %}|{{ m|municipality_url }}"
    ).render(Context({"m": leksand, "c": dalarna, "none": None, "text": "<b>"}))
    assert html == (
        '<a href="/kommuner/leksand/">Leksand</a>|<a href="/lan/dalarna/">Dalarnas län</a>|'
        '<a href="/lan/dalarna/">&lt;b&gt;</a>||/kommuner/leksand/'
    )


def test_agreements_link_their_municipalities_and_county(client, agreement_index, dalarna):
    lok = local_agreement(agreement_index, ["2029"], title="LÖK Leksand")
    rok = AgreementPageFactory(parent=agreement_index, title="RÖK Dalarna", county=dalarna)
    assert LEKSAND in html_of(client, lok.url)
    assert DALARNA in html_of(client, rok.url)
    index = html_of(client, agreement_index.url)
    assert LEKSAND in index and 'href="/lan/dalarna/"' in index


def test_quota_pages_link_the_municipality_and_county(client, home, leksand):
    page = SettlementQuotaPageFactory(parent=home)
    SettlementQuotaFactory(municipality=leksand, year=2025)
    assert DALARNA in html_of(client, page.url)
    html = html_of(client, f"{page.url}kommun/leksand/")
    assert LEKSAND in html and DALARNA in html
    assert DALARNA in html_of(client, f"{page.url}dalarna/2025/")


def test_organisations_and_activities_link_their_municipalities(client, home, leksand):
    organisation = OrganisationFactory(name="Språkvännerna", municipalities=[leksand])
    activity = ActivityFactory(organisation=organisation, municipality=leksand, is_online=False)
    assert LEKSAND in html_of(client, organisation.get_absolute_url())
    assert LEKSAND in html_of(client, "/foreningar/")
    assert LEKSAND in html_of(client, "/foreningar/aktiviteter/")
    assert LEKSAND in html_of(client, activity.get_absolute_url())


def test_events_link_their_municipalities(client, home, leksand):
    calendar = CalendarIndexPageFactory(parent=home)
    event = make_event(
        calendar,
        timezone.now() + datetime.timedelta(days=3),
        publish=True,
        municipalities=[leksand],
    )
    assert LEKSAND in html_of(client, event.url)
    assert LEKSAND in html_of(client, calendar.url)
