"""The directory's whole path in a real browser: sign up, verify the e-mail, register an
organisation, staff verify it in the Wagtail admin, add an activity, find it in /foreningar/
filtered by municipality — with the axe check on each public page."""

import re

from django.core import mail
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from partners.demo import ensure_reviewer_group
from partners.factories import UserFactory, make_orgnr
from partners.models import Activity, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Ett-langt-losen-42"


@pytest.fixture
def site(transactional_db):
    from portal.factories import make_site

    return make_site()


@pytest.fixture
def reviewer(site):
    user = UserFactory(
        username="granskare", email="granskare@lansstyrelsen.example", password=PASSWORD
    )
    user.is_staff = True
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(ensure_reviewer_group())
    return user


def submit(page):
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()


def test_sign_up_register_verify_publish_and_find(
    live_server, page, browser, axe_check, reviewer, settings
):
    base = live_server.url
    settings.PORTAL_BASE_URL = base

    # 1. Sign up
    page.goto(base + "/konto/signup/")
    assert page.locator("h1").count() == 1
    axe_check(page)
    page.fill("input[name=email]", "ordforande@forening.example")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page)
    axe_check(page)

    # 2. Verify the e-mail address with the link from the outbox
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    axe_check(page)
    submit(page)
    page.wait_for_url("**/mina-sidor/")
    assert "ordforande@forening.example" in page.content()

    # 3. Register an organisation
    page.get_by_role("link", name="Registrera en organisation").first.click()
    page.fill("#id_name", "Fikaföreningen i Leksand")
    page.fill("#id_org_number", make_orgnr(9001).replace("-", ""))
    page.fill("#id_description", "Vi ordnar samtal på svenska för nyanlända.")
    page.select_option("#id_municipalities", label="Leksand")
    page.check("input[name=languages][value=ar]")
    submit(page)
    assert "Väntar på granskning" in page.content()
    organisation = Organisation.objects.get(name="Fikaföreningen i Leksand")
    assert organisation.status == Organisation.Status.PENDING

    # Not public while pending
    page.goto(base + "/foreningar/?kommun=leksand")
    assert "Fikaföreningen" not in page.content()

    # 4. Staff verify it in the Wagtail admin
    staff_context = browser.new_context(locale="sv-SE")
    staff = staff_context.new_page()
    staff.goto(base + "/admin/login/")  # sends to the portal's one login
    staff.wait_for_url("**/konto/login/**")
    staff.fill("input[name=login]", "granskare@lansstyrelsen.example")
    staff.fill("input[name=password]", PASSWORD)
    staff.locator("main form button[type=submit]").first.click()
    staff.wait_for_url("**/admin/**")
    staff.goto(base + reverse("wagtailsnippets_partners_organisation:list") + "?status=pending")
    assert "Fikaföreningen i Leksand" in staff.content()
    staff.goto(
        base + reverse("wagtailsnippets_partners_organisation:review", args=[organisation.pk])
    )
    staff.check("input[name=decision][value=verify]")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_load_state()
    staff_context.close()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert any("godkänd" in message.subject for message in mail.outbox)

    # 5. Add an activity and publish it
    page.goto(base + "/mina-sidor/")
    page.get_by_role("link", name="Fikaföreningen i Leksand").click()
    assert "Godkänd" in page.content()
    page.get_by_role("link", name="Lägg till en aktivitet").click()
    page.fill("#id_title", "Fika och samtal på biblioteket")
    page.select_option("#id_kind", value="language_cafe")
    page.fill("#id_description", "Vi pratar svenska varje tisdag.")
    page.check("input[name=weekdays][value=tue]")
    page.fill("#id_start_time", "17:00")
    page.fill("#id_end_time", "19:00")
    page.select_option("#id_municipality", label="Leksand")
    page.get_by_role("button", name="Spara och publicera").click()
    page.wait_for_load_state()
    assert Activity.objects.public().filter(title="Fika och samtal på biblioteket").exists()

    # 6. Find it in the public directory, filtered by municipality
    page.goto(base + "/foreningar/")
    axe_check(page)
    page.select_option("#filter-kommun", label="Leksand")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url("**/foreningar/?*kommun=leksand*")
    assert page.get_by_role("link", name="Fikaföreningen i Leksand").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Aktiviteter", exact=True).first.click()
    page.wait_for_url("**/foreningar/aktiviteter/?*kommun=leksand*")
    assert page.get_by_role("link", name="Fika och samtal på biblioteket").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Fika och samtal på biblioteket").click()
    page.wait_for_load_state()
    assert "tisdag klockan 17:00–19:00" in " ".join(page.locator("main").inner_text().split())
    axe_check(page)
    page.get_by_role("link", name="Fikaföreningen i Leksand").first.click()
    page.wait_for_load_state()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    axe_check(page)


def test_mina_sidor_pages_are_accessible(live_server, page, axe_check, site):
    from partners.factories import ActivityFactory, OrganisationFactory

    owner = UserFactory(username="agare", email="agare@example.se", password=PASSWORD)
    organisation = OrganisationFactory(name="Testföreningen", owner=owner)
    ActivityFactory(organisation=organisation)
    page.goto(live_server.url + "/konto/login/")
    axe_check(page)
    page.fill("input[name=login]", "agare@example.se")
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    page.wait_for_url("**/mina-sidor/")
    for path in (
        "/mina-sidor/",
        f"/mina-sidor/foreningar/{organisation.pk}/",
        f"/mina-sidor/foreningar/{organisation.pk}/redigera/",
        f"/mina-sidor/foreningar/{organisation.pk}/aktiviteter/ny/",
        f"/mina-sidor/foreningar/{organisation.pk}/bjud-in/",
        "/mina-sidor/mina-uppgifter/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        axe_check(page)
