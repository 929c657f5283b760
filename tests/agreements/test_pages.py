"""Kommuntal, method support and project pages as a visitor sees them; the admin panel and
snippet listing as staff see them."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from agreements.factories import (
    AgreementPageFactory,
    MethodSupportIndexPageFactory,
    MethodSupportPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SettlementQuotaFactory,
    SettlementQuotaPageFactory,
)
from agreements.models import SettlementQuota
from portal.models import Municipality

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def quotas(home):
    page = SettlementQuotaPageFactory(parent=home)
    leksand = Municipality.objects.get(code="2029")
    rattvik = Municipality.objects.get(code="2031")
    SettlementQuotaFactory(
        municipality=leksand, group=SettlementQuota.Group.QUOTA_REFUGEES, number=9
    )
    SettlementQuotaFactory(municipality=leksand, group=SettlementQuota.Group.UKRAINE, number=11)
    SettlementQuotaFactory(
        municipality=rattvik, group=SettlementQuota.Group.QUOTA_REFUGEES, number=7
    )
    SettlementQuotaFactory(
        municipality=rattvik, group=SettlementQuota.Group.UKRAINE, number=10, is_demo=True
    )
    SettlementQuotaFactory(municipality=leksand, year=2025, number=4)
    return page


def test_county_year_has_chart_and_table_with_same_numbers(client, quotas):
    response = client.get("/kommuntal/dalarna/2024/")
    assert response.status_code == 200
    html = response.content.decode()
    chart_start = html.index('<svg role="img"')
    svg = html[chart_start : html.index("</svg>", chart_start)]
    assert "<title" in svg and "<desc" in svg
    assert "Leksand: 20" in svg and "Rättvik: 17" in svg
    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    cells = re.findall(r'<td class="number">(\d+)</td>', table)
    assert cells == ["9", "11", "20", "7", "10", "17", "16", "21", "37"]
    assert "demodata" in html


def test_municipality_over_the_years(client, quotas):
    response = client.get("/kommuntal/kommun/leksand/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2025: 4" in html and "2024: 20" in html


def test_overview_links_each_county_year(client, quotas):
    html = client.get("/kommuntal/").content.decode()
    assert 'href="/kommuntal/dalarna/2024/"' in html and 'href="/kommuntal/dalarna/2025/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/kommuntal/atlantis/2024/",
        "/kommuntal/dalarna/1800/",
        "/kommuntal/dalarna/99999/",
        "/kommuntal/dalarna/abc/",
        "/kommuntal/kommun/atlantis/",
        "/kommuntal/dalarna/-1/",
    ],
)
def test_junk_quota_urls_are_404(client, quotas, url):
    assert client.get(url).status_code == 404


def test_county_year_without_data_shows_empty_state(client, quotas):
    response = client.get("/kommuntal/blekinge/2024/")
    assert response.status_code == 200
    assert "inga kommuntal" in response.content.decode()


def test_method_support_has_toc_anchors_and_questions(client, home):
    index = MethodSupportIndexPageFactory(parent=home)
    page = MethodSupportPageFactory(
        parent=index,
        title="Metodstöd för samverkan 2017",
        chapters=[
            (
                "chapter",
                {
                    "title": "Varför samverka?",
                    "anchor": "",
                    "body": [("paragraph", "<p>Text</p>")],
                    "questions": {"heading": "Reflekterande frågor", "questions": ["Vem gör vad?"]},
                },
            ),
            (
                "appendix",
                {
                    "title": "Jämställdhet",
                    "anchor": "jamstalldhet",
                    "body": [],
                    "questions": {"heading": "", "questions": []},
                },
            ),
        ],
    )
    html = client.get(page.url).content.decode()
    assert 'href="#varfor-samverka"' in html and 'id="varfor-samverka"' in html
    assert 'href="#jamstalldhet"' in html and "Bilaga:" in html
    assert "Vem gör vad?" in html
    assert client.get(index.url).content.decode().count(page.url) >= 1


def test_projects_filter_running_and_finished(client, home, today):
    index = ProjectIndexPageFactory(parent=home)
    running = ProjectPageFactory(
        parent=index, title="Pågår", starts_on=D(2024, 1, 1), ends_on=D(2027, 12, 31)
    )
    finished = ProjectPageFactory(
        parent=index, title="Klart", starts_on=D(2022, 11, 1), ends_on=D(2026, 6, 30)
    )
    shown = lambda q: {p.pk for p in client.get(index.url, q).context["projects"]}  # noqa: E731
    assert shown({}) == {running.pk, finished.pk}
    assert shown({"status": "pagar"}) == {running.pk}
    assert shown({"status": "avslutade"}) == {finished.pk}
    assert shown({"status": "junk"}) == {running.pk, finished.pk}
    assert client.get(index.url, {"sida": "-5"}).status_code == 200
    html = client.get(running.url).content.decode()
    assert "Pågående" in html


def test_admin_dashboard_lists_agreements_expiring_within_90_days(client, agreement_index, today):
    soon = AgreementPageFactory(
        parent=agreement_index, title="Löper ut snart", valid_to=D(2026, 12, 31)
    )
    AgreementPageFactory(parent=agreement_index, title="Långt kvar", valid_to=D(2028, 12, 31))
    AgreementPageFactory(
        parent=agreement_index, title="Redan slut", valid_from=D(2020, 1, 1), valid_to=D(2021, 1, 1)
    )
    admin = get_user_model().objects.create_superuser("chef", "chef@example.se", "x-Secret-123")
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Löper ut snart" in html and "Långt kvar" not in html and "Redan slut" not in html
    assert reverse("wagtailadmin_pages:edit", args=[soon.id]) in html


def test_quota_snippet_listing_filters(client, quotas):
    admin = get_user_model().objects.create_superuser("chef", "chef@example.se", "x-Secret-123")
    client.force_login(admin)
    url = reverse("wagtailsnippets_agreements_settlementquota:list")
    assert client.get(url).status_code == 200
    response = client.get(url, {"year": "2025"})
    assert response.status_code == 200
    assert client.get(url, {"year": "junk", "is_demo": "x"}).status_code == 200


def test_home_lists_latest_agreements(client, agreement_index, today):
    AgreementPageFactory(parent=agreement_index, title="RÖK Nyast")
    html = client.get("/").content.decode()
    assert "Senaste överenskommelserna" in html and "RÖK Nyast" in html
