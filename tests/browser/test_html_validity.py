"""One page of every type and every form state, visited once in a real browser over the demo
site: axe (all WCAG 2.1 A/AA rules) at 1280 and at 320 px, no sideways scrolling at 320 px,
and the Nu HTML Checker over the HTML the server sent, all pages in one batch.

The pages are visited once for the module; the tests then read what was found.
"""

import re

from django.core.cache import cache

import pytest

from tests.browser.conftest import run_axe
from tests.browser.html_check import HtmlCheck, unavailable_reason
from tests.conftest import load_demo

pytestmark = [pytest.mark.browser]

PASSWORD = "Ett-langt-losen-42"

# Known HTML errors waiting for a fix (html_check.Allowed: path, message, template, fix); none now.
ALLOWED = ()

# A document with known errors, checked in the same batch: proves the checker ran and reports.
CANARY = (
    "<!DOCTYPE html><html lang=sv><head><title>x</title></head>"
    "<body><p><span>Lösenordet:<ul><li>minst 8 tecken</li></ul></span></p></body></html>"
)

OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const wide = e => e.getBoundingClientRect().right > width + 1;
    return [...document.querySelectorAll('body *')]
        .filter(e => wide(e) && !(e.parentElement && wide(e.parentElement)))
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
             + [...e.classList].map(c => '.' + c).join(''));
}"""

GET_PAGES = [
    "/",
    "/om-portalen/",
    "/overenskommelser/",
    "/overenskommelser/?lan=dalarna&status=galler",
    "/overenskommelser/?lan=gotland&typ=lok",
    "/overenskommelser/rok-blekinge-2019-2021/",
    "/overenskommelser/lok-leksand-2024-2026/",
    "/kommuntal/",
    "/kommuntal/dalarna/2024/",
    "/kommuntal/kommun/leksand/",
    "/metodstod/",
    "/metodstod/metodstod-for-samverkan-2017/",
    "/projekt/",
    "/projekt/tillsammans-for-ett-effektivare-mottagande/",
    "/foreningar/",
    "/foreningar/?kommun=leksand",
    "/foreningar/?lan=gotland",
    "/foreningar/aktiviteter/",
    "{organisation}",
    "{activity}",
    "/kalender/",
    "/kalender/?lan=dalarna&fran=inte-ett-datum",
    "/kalender/?lan=gotland",
    "/kalender/manad/",
    "/kalender/mottagande-av-kvotflyktingar/",
    "/kalender/traumamedvetet-bemotande/",
    "/kalender/bosattningslagen-fragestund/",
    "/sok/",
    "/sok/?q=samverkan",
    "/sok/?q=qwxzyvtrp",
    "/sok/?q=kvotflyktnigar",
    "/sok/?q=samverkan&typ=agreement",
    "/kommuner/",
    "/kommuner/leksand/",
    "/lan/",
    "/lan/dalarna/",
    "/oppna-data/",
    "/bevaka/?q=samverkan",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/designsystem/",
    "/finns-inte/",
]

LOGGED_IN_PAGES = [
    "/mina-sidor/",
    "/mina-sidor/foreningar/{pk}/",
    "/mina-sidor/foreningar/{pk}/redigera/",
    "/mina-sidor/foreningar/{pk}/aktiviteter/ny/",
    "/mina-sidor/foreningar/{pk}/bjud-in/",
    "/mina-sidor/foreningar/ny/",
    "/mina-sidor/mina-uppgifter/",
    "/mina-sidor/kalender/",
    "/mina-sidor/evenemang/",
    "/mina-sidor/evenemang/nytt/",
    "/mina-sidor/bevakningar/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/logout/",
]


class Visits:
    """Visits pages with one browser page and keeps what the checks need."""

    def __init__(self, page, base):
        self.page = page
        self.base = base
        self.html = HtmlCheck(allowed=ALLOWED)
        self.axe = []
        self.sideways = []
        self.states = []

    def goto(self, path):
        response = self.page.goto(self.base + path)
        self.check(path, response)

    def submit(self, path, fill=None, button="main form button[type=submit]"):
        """Submit the form on ``path`` (browser validation off, so the server answers)."""
        self.page.goto(self.base + path)
        self.page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        if fill:
            fill(self.page)
        with self.page.expect_navigation() as navigation:
            self.page.locator(button).first.click()
        self.check(f"{path} (POST)", navigation.value)

    def show(self, label, response):
        """A page the server sends only when something fails (a Django response), served at
        the site's own address so that its style sheet loads as it would."""
        url = f"{self.base}/__{response.status_code}__/"
        self.page.route(
            url,
            lambda route: route.fulfill(
                status=response.status_code,
                body=response.content,
                content_type=response["Content-Type"],
            ),
        )
        self.check(label, self.page.goto(url), failure=True)
        self.page.unroute(url)

    def check(self, label, response, failure=False):
        assert response is not None, label
        assert failure or response.status < 500, f"{label}: {response.status}"
        self.page.wait_for_load_state()
        self.states.append(label)
        self.html.add(label, response.text())
        for width in (1280, 320):
            self.page.set_viewport_size({"width": width, "height": 900})
            serious = [v for v in run_axe(self.page) if v["impact"] in {"serious", "critical"}]
            if serious:
                self.axe.append(f"{width}px {label}: {serious}")
            if width == 320:
                scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > 320:
                    culprits = ", ".join(self.page.evaluate(OVERFLOWING))
                    self.sideways.append(f"{label}: {scroll_width} px wide ({culprits})")
        self.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture(scope="module")
def visits(django_db_setup, django_db_blocker, live_server, browser):
    from django.db import connection
    from django.test import RequestFactory

    from partners.factories import ActivityFactory, OrganisationFactory, UserFactory
    from partners.models import Activity, Organisation
    from portal import views
    from portal.middleware import RequestSizeLimitMiddleware
    from portal.models import Municipality
    from portal.reference_data import ensure_site_basics

    with django_db_blocker.unblock():
        cache.clear()
        ensure_site_basics()
        load_demo()
        organisation = Organisation.objects.public().order_by("name").first()
        activity = Activity.objects.public().select_related("organisation").first()
        owner = UserFactory(username="html-agare", email="html.agare@example.se", password=PASSWORD)
        own = OrganisationFactory(
            name="Valideringsföreningen",
            owner=owner,
            municipalities=[Municipality.objects.get(code="2029")],
        )
        ActivityFactory(organisation=own)

        context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        page = context.new_page()
        page.set_default_timeout(20_000)
        visits = Visits(page, live_server.url)
        replacements = {
            "{organisation}": organisation.get_absolute_url(),
            "{activity}": activity.get_absolute_url(),
        }
        try:
            for path in GET_PAGES:
                visits.goto(replacements.get(path, path))

            server_error = RequestFactory().get("/")
            visits.show("500 page", views.server_error(server_error))
            too_large = RequestFactory().post("/konto/signup/")
            visits.show("413 page", RequestSizeLimitMiddleware(None).too_large(too_large, 2**20))

            event = "/kalender/mottagande-av-kvotflyktingar/"
            visits.submit(event, button="#anmalan button[type=submit]")
            visits.submit(event, fill=_valid_signup, button="#anmalan button[type=submit]")
            visits.submit("/bevaka/?q=samverkan")
            visits.submit("/konto/signup/")
            visits.submit("/konto/signup/", fill=_mismatched_passwords)
            visits.submit("/konto/password/reset/")
            visits.submit("/konto/password/reset/", fill=_known_email(owner.email))
            visits.submit("/konto/login/")

            page.goto(live_server.url + "/konto/login/")
            page.fill("input[name=login]", owner.email)
            page.fill("input[name=password]", PASSWORD)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_url("**/mina-sidor/")
            for path in LOGGED_IN_PAGES:
                visits.goto(path.format(pk=own.pk))
            visits.submit("/mina-sidor/foreningar/ny/")
            visits.submit(f"/mina-sidor/foreningar/{own.pk}/aktiviteter/ny/")
            visits.submit("/mina-sidor/evenemang/nytt/")
            visits.submit(f"/mina-sidor/foreningar/{own.pk}/bjud-in/")
            visits.submit("/konto/password/change/")
        finally:
            context.close()
            cache.clear()
        connection.close()
    return visits


def _valid_signup(page):
    page.get_by_label("Namn").fill("Sara Holm")
    page.get_by_label("E-post").fill("sara.holm@example.se")
    page.get_by_label("Arbetsgivare eller organisation").fill("Leksands kommun")
    page.get_by_label(re.compile("Jag godkänner")).check()


def _known_email(email):
    def fill(page):
        page.fill("input[name=email]", email)

    return fill


def _mismatched_passwords(page):
    page.fill("input[name=email]", "ny.person@example.se")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD + "x")


def test_every_page_type_and_form_state_is_visited(visits):
    assert len(visits.states) >= len(GET_PAGES) + len(LOGGED_IN_PAGES) + 10


def test_no_serious_axe_violations_at_1280_and_320_px(visits):
    assert visits.axe == [], "\n".join(visits.axe)


def test_no_sideways_scrolling_at_320_px(visits):
    assert visits.sideways == [], "\n".join(visits.sideways)


@pytest.mark.skipif(unavailable_reason() is not None, reason=unavailable_reason() or "")
def test_no_nu_html_checker_errors(visits):
    visits.html.add("canary", CANARY)
    found = visits.html.errors()
    errors = [error for error in found if not error.startswith("canary ")]
    assert len(found) > len(errors), "the checker did not report the canary's errors"
    unused = [a for a in ALLOWED if a not in visits.html.allowances_used]
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert unused == [], f"allowed errors that no longer occur (remove them): {unused}"
