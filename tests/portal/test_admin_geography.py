"""Editors choose counties and municipalities in the admin through one searchable chooser
(portal/admin_geography.py): search ignores case and diacritics, each municipality shows its
county, junk finds nothing without an error, and only people with admin access may use it."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from portal.admin_geography import GeographyCheckboxes
from portal.models import County, Municipality

pytestmark = pytest.mark.django_db

MUNICIPALITY_RESULTS = "wagtailsnippetchoosers_portal_municipality:choose_results"
MUNICIPALITY_CHOOSE = "wagtailsnippetchoosers_portal_municipality:choose"
COUNTY_RESULTS = "county_chooser:choose_results"
COUNTY_CHOOSE = "county_chooser:choose"


@pytest.fixture
def editor_client(client, home):
    """A county-board editor: admin access through the agreement editors' group only."""
    from agreements.moderation import EDITORS

    user = get_user_model().objects.create_user(
        "lansredaktor", "lansredaktor@example.se", "x-Secret-123"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def results(client, name, query):
    response = client.get(reverse(name), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_municipality_search_ignores_diacritics_and_shows_the_county(editor_client):
    html = results(editor_client, MUNICIPALITY_RESULTS, "rattvik")
    assert "Rättvik" in html
    assert "Dalarnas län" in html, "the county is not shown beside the municipality"
    assert "Leksand" not in html


def test_municipality_search_finds_by_code_and_by_county(editor_client):
    assert "Rättvik" in results(editor_client, MUNICIPALITY_RESULTS, "2031")
    in_dalarna = results(editor_client, MUNICIPALITY_RESULTS, "dalarna")
    assert "Leksand" in in_dalarna and "Rättvik" in in_dalarna
    assert "Karlskrona" not in in_dalarna


def test_county_search_finds_dalarnas_lan(editor_client):
    html = results(editor_client, COUNTY_RESULTS, "dalarna")
    assert "Dalarnas län" in html
    assert "Blekinge län" not in html
    assert "Dalarnas län" in results(editor_client, COUNTY_RESULTS, "DALARNAS LAN")


def test_the_chooser_modal_opens_with_a_search_box(editor_client):
    for name, heading in ((MUNICIPALITY_CHOOSE, "Kommun"), (COUNTY_CHOOSE, "Län")):
        response = editor_client.get(reverse(name))
        assert response.status_code == 200
        html = json.loads(response.content)["html"]
        assert 'name="q"' in html
        assert heading in html


@pytest.mark.parametrize(
    "junk",
    ["\x00\x01<script>alert(1)</script>", "%" * 5000, "'; DROP TABLE portal_county; --", "   "],
)
def test_junk_queries_find_nothing_without_an_error(editor_client, junk):
    for name in (MUNICIPALITY_RESULTS, COUNTY_RESULTS):
        html = results(editor_client, name, junk)
        assert "<script>alert" not in html
        assert "Rättvik" not in html or junk.strip() == ""
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290


def test_a_junk_page_number_is_not_an_error(editor_client):
    response = editor_client.get(reverse(MUNICIPALITY_RESULTS), {"q": "a", "p": "x'"})
    assert response.status_code == 404


def test_the_chooser_keeps_a_constant_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        results(editor_client, MUNICIPALITY_RESULTS, "")
    with django_assert_max_num_queries(12):
        results(editor_client, MUNICIPALITY_RESULTS, "an")


def test_only_people_with_admin_access_may_use_the_chooser(client, home):
    url = reverse(MUNICIPALITY_RESULTS) + "?q=rattvik"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    member = get_user_model().objects.create_user("medlem", "medlem@example.se", "x-Secret-123")
    client.force_login(member)
    for name in (MUNICIPALITY_RESULTS, COUNTY_RESULTS):
        response = client.get(reverse(name), {"q": "rattvik"})
        assert response.status_code == 302
        assert "Rättvik" not in response.content.decode()


def test_the_checkbox_list_groups_municipalities_by_county_with_search_text(home):
    from django import forms

    field = forms.ModelMultipleChoiceField(
        Municipality.objects.all(), widget=GeographyCheckboxes, required=False
    )
    rattvik = Municipality.objects.get(name="Rättvik")
    html = field.widget.render("municipalities", [rattvik.pk], {"id": "id_municipalities"})
    assert "data-geography-filter" in html
    assert 'data-filter-label="Sök kommun"' in html
    assert 'data-filter-chosen="Valda: %(names)s"' in html
    assert "<legend>Dalarnas län</legend>" in html
    assert 'data-search="rattvik rattvik 2031 dalarnas lan dalarna"' in html
    assert html.count('type="checkbox"') == 290
    assert html.count("checked") == 1
