"""The staff dashboard: home panels, the Needs attention report with CSV/XLSX export, staff
bound to counties, and the weekly digest that is safe to run twice."""

import datetime
import io

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

import pytest

from agreements.factories import AgreementPageFactory
from partners.factories import OrganisationFactory, UserFactory
from partners.models import Organisation
from partners.reviewers import REVIEWER_GROUP, ensure_reviewer_group
from portal.models import Municipality
from portal.overview_models import DigestDelivery, StaffProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(home, dalarna):
    ensure_reviewer_group()
    user = UserFactory(email="granskare@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    profile = StaffProfile.objects.create(user=user, weekly_digest=True)
    profile.counties.set([dalarna])
    return user


@pytest.fixture
def waiting(home, leksand):
    karlskrona = Municipality.objects.get(slug="karlskrona")
    OrganisationFactory(
        name="Förening i Blekinge", municipalities=[karlskrona], status=Organisation.Status.PENDING
    )
    OrganisationFactory(
        name="Förening i Leksand", municipalities=[leksand], status=Organisation.Status.PENDING
    )
    OrganisationFactory(name="Redan verifierad", municipalities=[leksand])


def test_dashboard_shows_what_waits_and_the_gaps_of_my_counties(client, reviewer, waiting):
    client.force_login(reviewer)
    html = client.get("/admin/").content.decode()
    assert "Väntar på dig" in html
    assert html.index("Förening i Leksand") < html.index("Förening i Blekinge")
    assert "Redan verifierad" not in html
    assert "Luckor i dina län" in html
    assert "Dalarnas län" in html
    assert "Kommuner utan lokal överenskommelse som gäller" in html


def test_report_lists_waiting_items_and_gaps_for_my_counties(client, reviewer, waiting, blekinge):
    client.force_login(reviewer)
    html = client.get("/admin/behover-uppmarksamhet/").content.decode()
    assert "Förening i Leksand" in html and "Förening i Blekinge" in html
    assert "Borlänge" in html  # a Dalarna municipality without a LÖK
    assert "Karlshamn" not in html  # Blekinge is not the reviewer's county
    html = client.get(f"/admin/behover-uppmarksamhet/?lan={blekinge.pk}&avser=luckor").content
    html = html.decode()
    assert "Karlshamn" in html and "Borlänge" not in html
    assert "Förening i Leksand" not in html


def test_report_filters_by_rule_and_ignores_junk(client, reviewer, agreement_index, dalarna):
    AgreementPageFactory(
        parent=agreement_index,
        title="RÖK Dalarna som slutar",
        county=dalarna,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2021, 1, 1),
    )
    client.force_login(reviewer)
    html = client.get("/admin/behover-uppmarksamhet/?avser=upphort-utan-ny").content.decode()
    assert "RÖK Dalarna som slutar" in html and "Borlänge" not in html
    for junk in ("?avser=nonsens", "?lan=abc", "?lan=999999", "?p=banan"):
        assert client.get(f"/admin/behover-uppmarksamhet/{junk}").status_code in (200, 404)


def test_report_exports_csv_and_xlsx(client, reviewer, waiting):
    client.force_login(reviewer)
    response = client.get("/admin/behover-uppmarksamhet/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode("utf-8-sig")
    assert "Förening i Leksand" in text and "Borlänge" in text
    response = client.get("/admin/behover-uppmarksamhet/?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_report_is_for_staff_only(client, home):
    user = UserFactory(email="medlem@example.se")
    client.force_login(user)
    response = client.get("/admin/behover-uppmarksamhet/")
    assert response.status_code in (302, 403)


def test_staff_are_bound_to_counties_in_the_admin(admin_client, reviewer, dalarna, blekinge):
    profile = reviewer.staff_profile
    response = admin_client.get(f"/admin/overview_staff_profile/edit/{profile.pk}/")
    # the counties are chosen in the admin's one searchable list, grouped like everywhere else
    assert "data-geography-filter" in response.content.decode()
    response = admin_client.post(
        f"/admin/overview_staff_profile/edit/{profile.pk}/",
        {"user": reviewer.pk, "counties": [dalarna.pk, blekinge.pk], "weekly_digest": ""},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert set(profile.counties.values_list("slug", flat=True)) == {"dalarna", "blekinge"}
    assert profile.weekly_digest is False


def test_weekly_digest_is_sent_once_per_week_to_those_who_opted_in(reviewer, waiting):
    opted_out = UserFactory(email="vill-inte@example.se", is_staff=True)
    StaffProfile.objects.create(user=opted_out, weekly_digest=False)
    call_command("send_overview_digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["granskare@example.se"]]
    body = mail.outbox[0].body
    assert "Förening i Leksand" in body
    assert "Kommuner utan lokal överenskommelse som gäller" in body
    assert "Karlshamn" not in body
    assert "/admin/behover-uppmarksamhet/" in body
    call_command("send_overview_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.filter(user=reviewer).count() == 1


def test_a_failed_send_is_retried_on_the_next_run(reviewer, monkeypatch):
    import portal.overview_digest as digest

    def broken(*args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(digest, "send_mail", broken)
    with pytest.raises(ConnectionError):
        call_command("send_overview_digest", stdout=io.StringIO())
    assert not DigestDelivery.objects.exists()
    monkeypatch.undo()
    call_command("send_overview_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_staff_choose_their_own_counties_and_the_digest_on_their_account(client, home, dalarna):
    ensure_reviewer_group()
    user = UserFactory(email="ny@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    client.force_login(user)
    html = client.get("/admin/account/").content.decode()
    assert "Mina län och veckosammanställning" in html
    data = {}
    for tab_panels in client.get("/admin/account/").context["panels_by_tab"].values():
        for panel in tab_panels:
            form = panel.get_form()
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value not in (None, "", False):
                    data[f"{form.prefix}-{name}"] = value
    data["overview_counties-counties"] = [dalarna.pk]
    data["overview_counties-weekly_digest"] = "on"
    data.update({"name_email-first_name": "Nils", "name_email-last_name": "Nyström"})
    response = client.post("/admin/account/", data)
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=user)
    assert [c.slug for c in profile.counties.all()] == ["dalarna"]
    assert profile.weekly_digest is True
