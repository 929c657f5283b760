"""What a visitor sees on /kommuner/<slug>/ and /lan/<slug>/, and that it costs the same number
of queries whatever the amount of content."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from agreements.factories import (
    ActionPlanItemFactory,
    AgreementPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SettlementQuotaPageFactory,
    local_agreement,
)
from agreements.models import SettlementQuota
from events.factories import CalendarIndexPageFactory, make_event
from events.models import EventFormat
from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import ActivityKind, Organisation

pytestmark = pytest.mark.django_db

D = datetime.date


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def calendar(home):
    return CalendarIndexPageFactory(parent=home)


def soon(days=10):
    return timezone.now() + datetime.timedelta(days=days)


def build(agreement_index, calendar, dalarna, leksand, rattvik, n):
    """n of everything: agreements, organisations, activities, events, projects."""
    today = timezone.localdate()
    for i in range(n):
        local_agreement(
            agreement_index,
            ["2029", "2031"],
            title=f"LÖK Leksand–Rättvik {i}",
            slug=f"lok-{n}-{i}",
            valid_from=today - datetime.timedelta(days=400 + i),
            valid_to=today + datetime.timedelta(days=300 + i),
        )
        rok = AgreementPageFactory(
            parent=agreement_index,
            title=f"RÖK Dalarna {i}",
            slug=f"rok-{n}-{i}",
            county=dalarna,
            valid_from=today - datetime.timedelta(days=3000 + i),
            valid_to=today - datetime.timedelta(days=1000 + i),
        )
        ActionPlanItemFactory(page=rok, due_date=today - datetime.timedelta(days=5))
        organisation = OrganisationFactory(
            name=f"Förening {i}", municipalities=[leksand, rattvik], language_codes=" sv ar "
        )
        ActivityFactory(
            organisation=organisation,
            kind=ActivityKind.LANGUAGE_CAFE,
            municipality=leksand,
            language_codes=" sv ar ",
        )
        ActivityFactory(organisation=organisation, kind=ActivityKind.MENTORING, municipality=None)
        make_event(
            calendar,
            soon(5 + i),
            publish=True,
            title=f"Utbildning {i}",
            slug=f"utbildning-{i}-{n}",
            municipalities=[leksand],
        )
        SettlementQuota.objects.get_or_create(
            municipality=leksand if i % 2 else rattvik,
            year=today.year - i,
            group=SettlementQuota.Group.QUOTA_REFUGEES,
            defaults={"number": 10 + i},
        )


@pytest.fixture
def everything(home, agreement_index, calendar, dalarna, leksand, rattvik):
    SettlementQuotaPageFactory(parent=home)
    projects = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(parent=projects, title="Yrkesväg Dalarna")
    project.pilot_municipalities.set([leksand])
    project.save_revision().publish()
    today = timezone.localdate()
    local_agreement(
        agreement_index,
        ["2029"],
        title="LÖK Leksand nu",
        valid_from=today - datetime.timedelta(days=100),
        valid_to=today + datetime.timedelta(days=30),
    )
    AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Dalarna nu",
        county=dalarna,
        valid_from=today - datetime.timedelta(days=100),
        valid_to=today + datetime.timedelta(days=700),
    )
    local_agreement(
        agreement_index,
        ["2029"],
        title="LÖK Leksand förr",
        valid_from=today - datetime.timedelta(days=2000),
        valid_to=today - datetime.timedelta(days=101),
    )
    for year, number in ((today.year, 20), (today.year - 1, 15)):
        SettlementQuota.objects.create(
            municipality=leksand, year=year, number=number, group=SettlementQuota.Group.UKRAINE
        )
    SettlementQuota.objects.create(
        municipality=rattvik, year=today.year, number=7, group=SettlementQuota.Group.UKRAINE
    )
    verified = OrganisationFactory(
        name="Språkvännerna", municipalities=[leksand], language_codes=" sv ar "
    )
    ActivityFactory(
        organisation=verified,
        title="Språkcafé på biblioteket",
        kind=ActivityKind.LANGUAGE_CAFE,
        municipality=leksand,
        language_codes=" sv uk ",
    )
    hidden = OrganisationFactory(
        name="Ej granskad förening", municipalities=[leksand], status=Organisation.Status.PENDING
    )
    ActivityFactory(organisation=hidden, title="Dold aktivitet", municipality=leksand)
    make_event(
        calendar,
        soon(),
        publish=True,
        title="Traumamedvetet bemötande",
        slug="trauma",
        municipalities=[leksand],
    )
    online = make_event(
        calendar,
        soon(3),
        publish=True,
        title="Webbinarium för länet",
        slug="webb",
        format=EventFormat.ONLINE,
    )
    online.counties.set([dalarna])
    online.save_revision().publish()
    make_event(
        calendar,
        soon(4),
        publish=False,
        title="Opublicerat evenemang",
        slug="utkast",
        live=False,
        municipalities=[leksand],
    )


def test_municipality_page_shows_what_applies_there(client, everything):
    html = html_of(client, "/kommuner/leksand/")
    assert "<h1>Leksand</h1>" in html
    # agreements in force with days left, and earlier ones
    assert "LÖK Leksand nu" in html and "RÖK Dalarna nu" in html
    assert "30 dagar kvar" in html
    assert "LÖK Leksand förr" in html
    # quotas: table and an accessible chart, with the county's total
    assert '<svg role="img"' in html and "Antal" not in html.split("<svg")[0][-5:]
    assert "Län totalt" in html or "Länet totalt" in html
    # verified organisations and published activities only, with languages
    assert "Språkvännerna" in html and "Språkcafé på biblioteket" in html
    assert "ukrainska" in html
    assert "Ej granskad förening" not in html and "Dold aktivitet" not in html
    # events: in the municipality, and online ones for the county; never unpublished
    assert "Traumamedvetet bemötande" in html and "Webbinarium för länet" in html
    assert "Opublicerat evenemang" not in html
    # projects it takes part in, and the county board's contact
    assert "Yrkesväg Dalarna" in html
    assert "dalarna@lansstyrelsen.se" in html
    # the county is linked
    assert 'href="/lan/dalarna/"' in html


def test_county_page_sums_its_municipalities(client, everything):
    html = html_of(client, "/lan/dalarna/")
    assert "<h1>Dalarnas län</h1>" in html
    assert html.count('href="/kommuner/') >= 15
    table = html.split('class="overview-table"')[1].split("</table>")[0]
    leksand_row = table.split('href="/kommuner/leksand/"')[1].split("</tr>")[0]
    assert "Gäller till" in leksand_row
    # the date in Swedish words, as everywhere else ("31 december 2026", not "31 Dec 2026")
    import re

    assert re.search(
        r"Gäller till \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|"
        r"september|oktober|november|december) \d{4}",
        leksand_row,
    )
    assert ">20<" in leksand_row  # this year's quota
    borlange_row = table.split('href="/kommuner/borlange/"')[1].split("</tr>")[0]
    assert "Saknas" in borlange_row
    assert "RÖK Dalarna nu" in html
    assert "Webbinarium för länet" in html
    # gaps: municipalities without a LÖK, Leksand's LÖK expiring within 90 days
    assert "Kommuner utan lokal överenskommelse som gäller" in html
    assert "Överenskommelser som upphör inom 90 dagar" in html


def rows_order(html):
    table = html.split('class="overview-table"')[1].split("</tbody>")[0]
    return [part.split('/"')[0] for part in table.split('<th scope="row"><a href="/kommuner/')[1:]]


def test_county_table_sorts_without_javascript(client, everything):
    by_name = rows_order(html_of(client, "/lan/dalarna/"))
    assert by_name[0] == "avesta" and by_name[-1] == "alvdalen"
    by_quota = rows_order(html_of(client, "/lan/dalarna/?sortera=-kommuntal"))
    assert by_quota[:2] == ["leksand", "rattvik"]
    reversed_names = rows_order(html_of(client, "/lan/dalarna/?sortera=-namn"))
    assert reversed_names == list(reversed(by_name))
    html = html_of(client, "/lan/dalarna/?sortera=-kommuntal")
    assert 'aria-sort="descending"' in html
    assert 'href="?sortera=kommuntal#kommuner"' in html  # a second click turns the order round


@pytest.mark.parametrize("junk", ["nonsens", "-", "--kommuntal", "<script>", "namn;drop"])
def test_unknown_sort_is_ignored_with_a_notice(client, everything, junk):
    html = html_of(client, f"/lan/dalarna/?sortera={junk}")
    assert rows_order(html)[0] == "avesta"
    assert "sorteras efter namn" in html


class CacheReads:
    """Counts reads of the default cache: with a database or Redis cache each is a round trip,
    so they must stay constant too (``Page.url`` reads the site roots for every page)."""

    def __init__(self, monkeypatch):
        self.count = 0
        for name in ("get", "get_many"):
            original = getattr(cache, name)

            def counted(*args, _original=original, **kwargs):
                self.count += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(cache, name, counted)


def queries_for(client, url, reads=None):
    cache.clear()
    before = reads.count if reads else 0
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured) + ((reads.count - before) if reads else 0) * 1000


def test_overview_pages_keep_a_constant_number_of_queries(
    client, home, agreement_index, calendar, dalarna, leksand, rattvik, monkeypatch
):
    SettlementQuotaPageFactory(parent=home)
    build(agreement_index, calendar, dalarna, leksand, rattvik, 2)
    urls = ["/kommuner/leksand/", "/lan/dalarna/"]
    reads = CacheReads(monkeypatch)
    for url in urls:
        queries_for(client, url, reads)  # the first request reads what later ones have cached
    small = [queries_for(client, url, reads) for url in urls]
    build(agreement_index, calendar, dalarna, leksand, rattvik, 12)
    large = [queries_for(client, url, reads) for url in urls]
    print("queries + 1000 × cache reads (municipality, county):", small, large)
    assert small == large
    # at most this many queries, whatever the content (39 and 44 before the view restrictions,
    # site roots and activity counts were read once per render)
    municipality, county = (count % 1000 for count in large)
    assert municipality <= 32 and county <= 33, (municipality, county)
