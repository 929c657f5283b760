"""The agreement index: every filter combination, counts, junk, empty state, pagination."""

import itertools

import pytest

from agreements.factories import AgreementPageFactory
from agreements.models import status_for
from portal.models import Municipality

pytestmark = pytest.mark.django_db

TYPES = ["", "rok", "lok"]
COUNTIES = ["", "blekinge", "dalarna"]
MUNICIPALITIES = ["", "leksand", "karlskrona", "olofstrom"]
STATUSES = ["", "upcoming", "in_force", "expired"]
IN_THE_ADDRESS = {"upcoming": "kommande", "in_force": "galler", "expired": "upphort"}
YEARS = ["", "2020", "2026"]


def expected(agreements, today, type_, county, municipality, status, year):
    """What the index should list: a plain restatement of the rules."""
    result = set()
    for page in agreements.values():
        covered = set(page.municipalities.values_list("slug", flat=True))
        counties = {page.county.slug} if page.county else set()
        counties |= set(page.municipalities.values_list("county__slug", flat=True))
        if page.kind == "rok":
            covered |= set(
                Municipality.objects.filter(county=page.county).values_list("slug", flat=True)
            )
        if type_ and page.kind != type_:
            continue
        if county and county not in counties:
            continue
        if municipality and municipality not in covered:
            continue
        if status and status_for(page.valid_from, page.valid_to, today) != status:
            continue
        if year and not page.valid_from.year <= int(year) <= page.valid_to.year:
            continue
        result.add(page.pk)
    return result


def test_every_filter_combination(client, sample_agreements, today):
    for combo in itertools.product(TYPES, COUNTIES, MUNICIPALITIES, STATUSES, YEARS):
        params = {
            k: IN_THE_ADDRESS.get(v, v)
            for k, v in zip(("typ", "lan", "kommun", "status", "ar"), combo, strict=True)
            if v
        }
        response = client.get("/overenskommelser/", params)
        assert response.status_code == 200, params
        shown = {page.pk for page in response.context["agreements"]}
        assert shown == expected(sample_agreements, today, *combo), params
        assert response.context["result_count"] == len(shown)


def test_municipality_includes_the_regional_agreement_of_its_county(client, sample_agreements):
    response = client.get("/overenskommelser/", {"kommun": "olofstrom"})
    titles = {page.title for page in response.context["agreements"]}
    assert titles == {"RÖK Blekinge 2019–2021", "RÖK Blekinge 2022–2026"}


def test_options_show_counts_for_the_other_filters(client, sample_agreements):
    response = client.get("/overenskommelser/", {"lan": "blekinge"})
    options = response.context["filter_options"]
    types = {o["value"]: o["count"] for o in options["typ"]}
    assert types == {"rok": 2, "lok": 1}
    statuses = {o["value"]: o["count"] for o in options["status"]}
    assert statuses == {"kommande": 0, "galler": 1, "upphort": 2}
    counties = {o["value"]: o["count"] for o in options["lan"]}
    assert counties["dalarna"] == 2 and counties["blekinge"] == 3
    html = response.content.decode()
    assert 'value="blekinge" selected' in html
    assert "Blekinge (3)" in html


def test_filters_are_links_that_work_without_javascript(client, sample_agreements):
    response = client.get("/overenskommelser/")
    html = response.content.decode()
    assert 'method="get"' in html
    assert '<label for="filter-lan">' in html


@pytest.mark.parametrize(
    "query",
    [
        "?typ=xyz",
        "?lan=atlantis",
        "?kommun=%00",
        "?status=forever",
        "?ar=abc",
        "?ar=99999",
        "?ar=-1",
        "?sida=-1",
        "?sida=9999",
        "?sida=abc",
        "?typ=rok&typ=lok",
        "?lan[]=x",
    ],
)
def test_junk_parameters_never_fail(client, sample_agreements, query):
    response = client.get("/overenskommelser/" + query)
    assert response.status_code == 200


def test_junk_values_are_ignored_and_reported(client, sample_agreements):
    response = client.get("/overenskommelser/", {"lan": "atlantis"})
    assert response.context["result_count"] == len(sample_agreements)
    assert "ignorerats" in response.content.decode()


def test_empty_state(client, sample_agreements):
    response = client.get("/overenskommelser/", {"lan": "dalarna", "status": "upphort"})
    assert response.context["result_count"] == 0
    assert "Inga överenskommelser matchar" in response.content.decode()


def test_pagination_keeps_filters(client, agreement_index, today):
    for n in range(25):
        AgreementPageFactory(parent=agreement_index, title=f"RÖK {n}")
    response = client.get("/overenskommelser/", {"typ": "rok"})
    assert len(response.context["agreements"].object_list) == 20
    html = response.content.decode()
    assert "typ=rok&amp;sida=2" in html
    second = client.get("/overenskommelser/", {"typ": "rok", "sida": 2})
    assert len(second.context["agreements"].object_list) == 5


def test_drafts_are_not_listed(client, agreement_index, today):
    draft = AgreementPageFactory(parent=agreement_index, title="Utkast", live=False)
    response = client.get("/overenskommelser/")
    assert draft.pk not in {page.pk for page in response.context["agreements"]}


def test_status_shown_in_swedish(client, sample_agreements):
    html = client.get("/overenskommelser/").content.decode()
    assert "Gäller" in html and "Kommande" in html and "Upphört" in html
    assert "Regional överenskommelse (RÖK)" in html
