"""The index and an agreement page issue the same number of queries at 5 and at 50
agreements."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from agreements.factories import ActionPlanItemFactory, AgreementPageFactory, local_agreement
from agreements.models import AgreementParty

pytestmark = pytest.mark.django_db


def grow_to(index, total):
    existing = index.get_children().count()
    for n in range(existing, total):
        if n % 2:
            page = AgreementPageFactory(parent=index, title=f"RÖK {n}")
        else:
            page = local_agreement(index, ["2029", "2031"], title=f"LÖK {n}")
        AgreementParty.objects.create(page=page, name="Arbetsförmedlingen")
        ActionPlanItemFactory(page=page)


def count_queries(client, url):
    client.get(url)  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?lan=blekinge", "?kommun=leksand&status=galler", "?sida=2"])
def test_index_queries_constant(client, agreement_index, today, query):
    grow_to(agreement_index, 5)
    small = count_queries(client, "/overenskommelser/" + query)
    grow_to(agreement_index, 50)
    large = count_queries(client, "/overenskommelser/" + query)
    assert small == large


def test_agreement_page_queries_constant(client, agreement_index, today):
    grow_to(agreement_index, 5)
    page = local_agreement(agreement_index, ["2029"], title="LÖK mätt")
    for n in range(3):
        AgreementParty.objects.create(page=page, name=f"Part {n}")
        ActionPlanItemFactory(page=page)
    small = count_queries(client, page.url)
    grow_to(agreement_index, 50)
    large = count_queries(client, page.url)
    assert small == large


def test_home_section_queries_constant(client, agreement_index, today):
    grow_to(agreement_index, 5)
    small = count_queries(client, "/")
    grow_to(agreement_index, 50)
    large = count_queries(client, "/")
    assert small == large


def test_quota_and_project_pages_queries_constant(client, home, today):
    from agreements.factories import (
        ProjectIndexPageFactory,
        ProjectPageFactory,
        SettlementQuotaFactory,
        SettlementQuotaPageFactory,
    )
    from portal.models import Municipality

    SettlementQuotaPageFactory(parent=home)
    projects = ProjectIndexPageFactory(parent=home)
    dalarna = list(Municipality.objects.filter(county__code="20"))

    def grow(start, n):
        for m in dalarna[start:n]:
            for year in (2023, 2024):
                SettlementQuotaFactory(municipality=m, year=year)
        for i in range(start, n):
            ProjectPageFactory(parent=projects, title=f"Projekt {n}-{i}")

    urls = ["/kommuntal/", "/kommuntal/dalarna/2024/", "/kommuntal/kommun/leksand/", projects.url]
    grow(0, 2)
    small = [count_queries(client, url) for url in urls]
    grow(2, 12)
    large = [count_queries(client, url) for url in urls]
    assert small == large


def test_quota_admin_list_queries_do_not_grow_with_rows(admin_client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agreements.models import SettlementQuota
    from portal.models import Municipality

    municipalities = list(Municipality.objects.order_by("code")[:25])

    def add(rows):
        for municipality in rows:
            SettlementQuota.objects.create(
                municipality=municipality, year=2024, group="kvotflyktingar", number=3
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                admin_client.get("/admin/snippets/agreements/settlementquota/").status_code == 200
            )
        return len(queries.captured_queries)

    add(municipalities[:3])
    few = count()
    add(municipalities[3:])
    assert count() == few
