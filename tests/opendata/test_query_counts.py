"""API lists keep the same number of queries however much content there is (two sizes)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from agreements.factories import AgreementPageFactory, SettlementQuotaFactory
from agreements.models import AgreementDocument, AgreementParty
from events.factories import make_event
from partners.factories import ActivityFactory, OrganisationFactory
from portal.models import Municipality, TargetGroup

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/overenskommelser/?lan=dalarna&status=galler&per_sida=100",
    "/api/v1/kommuntal/?lan=20&per_sida=100",
    "/api/v1/organisationer/?kommun=leksand&per_sida=100",
    "/api/v1/aktiviteter/?lan=dalarna&per_sida=100",
    "/api/v1/evenemang/?kommun=leksand&per_sida=100",
    "/api/v1/kommuner/?lan=20&per_sida=100",
]


def add_content(indexes, places, future, n, offset):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    leksand = places["leksand"]
    group = TargetGroup.objects.first()
    document = Document.objects.create(title="Avtal", file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    for i in range(n):
        page = AgreementPageFactory(
            parent=indexes["agreements"],
            county=places["dalarna"],
            valid_from=datetime.date(2020, 1, 1),
            valid_to=datetime.date(2099, 1, 1),
            municipalities=[leksand],
        )
        AgreementParty.objects.create(page=page, name="Part", municipality=leksand)
        AgreementDocument.objects.create(page=page, document=document)
        SettlementQuotaFactory(
            year=2000 + offset + i, municipality=Municipality.objects.get(code="2029")
        )
        organisation = OrganisationFactory(municipalities=[leksand])
        organisation.target_groups.add(group)
        organisation.areas.add(f"område {i}")
        activity = ActivityFactory(organisation=organisation, municipality=leksand)
        activity.target_groups.add(group)
        make_event(
            indexes["calendar"],
            future(10 + i),
            municipalities=[leksand],
            target_groups=[group],
            topics=[f"ämne {i}"],
            sessions=2,
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_list_queries_do_not_grow_with_content(client, indexes, places, future):
    add_content(indexes, places, future, 2, 0)
    small = {url: count_queries(client, url) for url in ENDPOINTS}
    add_content(indexes, places, future, 8, 10)
    large = {url: count_queries(client, url) for url in ENDPOINTS}
    for url in ENDPOINTS:
        if "kommuner" not in url:
            assert large[url][1] > small[url][1], url
        assert large[url][0] == small[url][0], (url, small[url][0], large[url][0])
    print({url: large[url][0] for url in ENDPOINTS})
