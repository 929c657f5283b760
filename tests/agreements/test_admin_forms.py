"""The admin's agreement, project and quota forms as a county-board editor sees them: grouped in
tabs, municipalities and counties chosen with the searchable chooser, and saving still works."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from agreements.factories import (
    AgreementPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SettlementQuotaFactory,
)
from agreements.models import AgreementPage, ProjectPage, SettlementQuota
from agreements.moderation import EDITORS
from portal.models import County, Municipality
from tests.admin_forms import agreement_edit_data, tab_labels

pytestmark = pytest.mark.django_db

MUNICIPALITY_CHOOSER = "/admin/snippets/choose/portal/municipality/"
COUNTY_CHOOSER = "/admin/county-chooser/"


@pytest.fixture
def editor(client, home):
    user = get_user_model().objects.create_user(
        "lansredaktor", "lansredaktor@example.se", "x-Secret-123"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def test_the_agreement_form_is_in_tabs_with_the_geography_choosers(client, editor, agreement_index):
    page = AgreementPageFactory(parent=agreement_index, title="RÖK Dalarna 2027–2029")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert tab_labels(html) == [
        "Innehåll",
        "Parter och giltighet",
        "Handlingsplan",
        "Dokument",
        "Publicering",
    ]
    # the county: Wagtail's chooser with search, not a select of 21
    assert f'data-chooser-url="{COUNTY_CHOOSER}"' in html
    assert '<select name="county"' not in html
    # the municipalities: the searchable checkbox list, grouped by county
    assert "data-geography-filter" in html
    assert "js/admin-geography.js" in html
    assert "<legend>Dalarnas län</legend>" in html
    # a party's municipality (in the inline form template): the municipality chooser
    assert f'data-chooser-url="{MUNICIPALITY_CHOOSER}"' in html
    # promote and settings panels are still there, in the Publishing tab
    assert 'name="seo_title"' in html
    assert 'name="go_live_at"' in html


def test_the_agreement_form_still_saves(client, editor, agreement_index, today):
    page = AgreementPageFactory(parent=agreement_index, title="RÖK Dalarna 2027–2029")
    dalarna = County.objects.get(code="20")
    leksand = Municipality.objects.get(code="2029")
    data = agreement_edit_data(
        page,
        kind="lok",
        county=dalarna.pk,
        municipalities=[str(leksand.pk)],
        adopted_by="Integrationsrådet",
        parties=inline_formset(
            [{"name": "Leksands kommun", "kind": "municipality", "municipality": leksand.pk}]
        ),
        action_items=inline_formset(
            [
                {
                    "goal": "Fler i språkpraktik",
                    "description": "",
                    "responsible": "Arbetsförmedlingen",
                    "due_date": "2027-06-30",
                    "progress": "not_started",
                }
            ]
        ),
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = AgreementPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.kind == "lok"
    assert draft.county == dalarna
    assert list(draft.municipalities.all()) == [leksand]
    assert draft.adopted_by == "Integrationsrådet"
    assert [(p.name, p.municipality) for p in draft.parties.all()] == [("Leksands kommun", leksand)]
    assert [item.goal for item in draft.action_items.all()] == ["Fler i språkpraktik"]


def test_junk_in_the_agreement_form_changes_nothing(client, editor, agreement_index, today):
    page = AgreementPageFactory(parent=agreement_index, title="RÖK Dalarna 2027–2029")
    revisions = page.revisions.count()
    data = agreement_edit_data(page, county="999999", municipalities=["x'", "-1"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html or "giltig" in html
    assert page.revisions.count() == revisions


@pytest.fixture
def project_index(home):
    index = ProjectIndexPageFactory(parent=home)
    group = Group.objects.get(name=EDITORS)
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=index, permission=Permission.objects.get(codename=codename)
        )
    return index


def test_the_project_form_is_in_tabs_with_the_geography_lists(client, editor, project_index):
    project = ProjectPageFactory(parent=project_index, title="Yrkesväg")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[project.pk])).content.decode()
    assert tab_labels(html) == [
        "Innehåll",
        "Område och period",
        "Kontakt",
        "Publicering",
    ]
    assert html.count('<div class="geography-filter" data-geography-filter') == 2
    assert 'data-filter-label="Sök län"' in html
    assert 'data-filter-label="Sök kommun"' in html
    assert 'name="seo_title"' in html


def test_the_project_form_still_saves(client, editor, project_index):
    project = ProjectPageFactory(parent=project_index, title="Yrkesväg")
    dalarna = County.objects.get(code="20")
    rattvik = Municipality.objects.get(code="2031")
    data = nested_form_data(
        {
            "title": project.title,
            "slug": project.slug,
            "summary": "",
            "project_owner": "Länsstyrelsen Dalarna",
            "partners": "",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "period_note": "",
            "funding": "AMIF",
            "activities": rich_text(""),
            "body": streamfield([]),
            "contact_name": "",
            "contact_email": "",
            "comments": inline_formset([]),
        }
    )
    data["counties"] = [str(dalarna.pk)]
    data["pilot_municipalities"] = [str(rattvik.pk)]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[project.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object()
    assert draft.project_owner == "Länsstyrelsen Dalarna"
    assert list(draft.counties.all()) == [dalarna]
    assert list(draft.pilot_municipalities.all()) == [rattvik]
    assert draft.starts_on == datetime.date(2025, 1, 1)


def test_the_quota_form_uses_the_municipality_chooser_and_saves(client, editor):
    quota = SettlementQuotaFactory()
    url = reverse("wagtailsnippets_agreements_settlementquota:edit", args=[quota.pk])
    html = client.get(url).content.decode()
    assert f'data-chooser-url="{MUNICIPALITY_CHOOSER}"' in html
    assert '<select name="municipality"' not in html
    rattvik = Municipality.objects.get(code="2031")
    response = client.post(
        url,
        {
            "year": 2025,
            "municipality": rattvik.pk,
            "group": quota.group,
            "number": 21,
            "note": "",
        },
    )
    assert response.status_code == 302
    quota.refresh_from_db()
    assert (quota.municipality, quota.year, quota.number) == (rattvik, 2025, 21)
    assert SettlementQuota.objects.count() == 1
