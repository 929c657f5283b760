"""The calendar in a real browser: filter, open an event, sign up, cancel by the e-mailed link."""

import datetime
import re

from django.core import mail

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calendar_data(transactional_db):
    from django.core.cache import cache

    cache.clear()
    from events.factories import CalendarIndexPageFactory, make_event
    from events.models import Signup
    from events.models.event import STOCKHOLM
    from portal.factories import make_site
    from portal.models import Municipality

    home = make_site()
    calendar = CalendarIndexPageFactory(parent=home)
    soon = datetime.datetime.now(tz=STOCKHOLM).replace(hour=13, minute=0, second=0, microsecond=0)
    make_event(
        calendar,
        soon + datetime.timedelta(days=14),
        title="LÖK-arbete i Leksand",
        slug="lok-leksand",
        municipalities=[Municipality.objects.get(code="2029")],
        topics=["LÖK-arbete"],
        signup_enabled=True,
        capacity=1,
    )
    make_event(
        calendar,
        soon + datetime.timedelta(days=15),
        title="Nätverksträff i Karlskrona",
        slug="karlskrona",
        municipalities=[Municipality.objects.get(code="1080")],
    )
    return Signup


def test_filter_sign_up_and_cancel(live_server, page, axe_check, calendar_data):
    Signup = calendar_data
    page.goto(live_server.url + "/kalender/")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name="Nätverksträff i Karlskrona").is_visible()
    axe_check(page)

    page.get_by_label("Kommun").select_option("leksand")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url("**/kalender/?*kommun=leksand*")
    assert page.get_by_role("link", name="Nätverksträff i Karlskrona").count() == 0
    subscribe = page.get_by_role("link", name="Prenumerera på kalendern")
    assert subscribe.get_attribute("href").startswith("webcal://")
    assert "kommun=leksand" in subscribe.get_attribute("href")
    axe_check(page)

    page.get_by_role("link", name="LÖK-arbete i Leksand").click()
    page.wait_for_url("**/kalender/lok-leksand/")
    axe_check(page)

    page.get_by_label("Namn").fill("Sara Holm")
    page.get_by_label("E-post").fill("sara.holm@example.se")
    page.get_by_label("Arbetsgivare eller organisation").fill("Leksands kommun")
    page.get_by_label("Kommun").select_option(label="Leksand")
    page.get_by_label(re.compile("Jag godkänner")).check()
    page.get_by_role("button", name="Anmäl mig").click()
    page.get_by_text("Din plats är bekräftad").wait_for()
    # the confirmation is where the form was, has the focus, and no empty form invites a repeat
    assert page.url.endswith("#anmalan-bekraftelse")
    assert page.evaluate("document.activeElement.id") == "anmalan-bekraftelse"
    assert page.locator("#anmalan form").count() == 0
    assert page.locator("#anmalan-bekraftelse").is_visible()
    axe_check(page)
    page.goto(live_server.url + "/kalender/lok-leksand/")
    assert page.get_by_text("Evenemanget är fullt").is_visible()

    assert Signup.objects.get().status == "confirmed"
    message = next(m for m in mail.outbox if m.to == ["sara.holm@example.se"])
    path = re.search(r"https?://[^/\s]+(/kalender/lok-leksand/avboka/\S+/)", message.body).group(1)
    page.goto(live_server.url + path)
    axe_check(page)
    page.get_by_role("button", name="Ja, avboka min anmälan").click()
    page.get_by_text("är avbokad").wait_for()
    axe_check(page)
    assert Signup.objects.get().status == "cancelled"

    page.goto(live_server.url + path)
    assert page.get_by_text("redan avbokad").is_visible()


def test_month_grid_is_keyboard_reachable(live_server, page, axe_check, calendar_data):
    target = datetime.date.today() + datetime.timedelta(days=14)
    page.goto(f"{live_server.url}/kalender/manad/{target.year}/{target.month}/")
    axe_check(page)
    link = page.get_by_role("link", name=re.compile("LÖK-arbete i Leksand"))
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/kalender/lok-leksand/")


def test_month_grid_on_a_phone_keeps_titles_whole(live_server, page, axe_check, calendar_data):
    """At 375 px the grid is a list of days: a title is not broken every few letters."""
    page.set_viewport_size({"width": 375, "height": 800})
    target = datetime.date.today() + datetime.timedelta(days=14)
    page.goto(f"{live_server.url}/kalender/manad/{target.year}/{target.month}/")
    link = page.get_by_role("link", name=re.compile("LÖK-arbete i Leksand"))
    box = link.bounding_box()
    line_height = float(link.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20"))
    assert box["height"] <= 2 * line_height + 1, box  # one line, at most two
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page)


def test_registration_questions_with_keyboard_errors_and_axe(
    live_server, page, axe_check, calendar_data
):
    """The questions in the sign-up form: labelled, a required one left empty is named in the
    error summary and nothing is stored; answered, the sign-up keeps the answers."""
    from events.models import EventPage, RegistrationQuestion

    Signup = calendar_data
    event = EventPage.objects.get(slug="lok-leksand")
    RegistrationQuestion.objects.create(
        page=event, label="Behöver du tolk?", kind="yes_no", required=True, sort_order=0
    )
    RegistrationQuestion.objects.create(
        page=event,
        label="Vilken kommun arbetar du i?",
        kind="choice",
        options="Leksand\nRättvik",
        help_text="Vi delar in grupperna efter kommun.",
        sort_order=1,
    )
    page.goto(live_server.url + "/kalender/lok-leksand/")
    page.get_by_label("Namn").fill("Sara Holm")
    page.get_by_label("E-post").fill("sara.holm@example.se")
    page.get_by_label("Arbetsgivare eller organisation").fill("Leksands kommun")
    page.get_by_label(re.compile("Jag godkänner")).check()
    page.get_by_role("button", name="Anmäl mig").click()
    page.get_by_text("Svara på frågan ”Behöver du tolk?”.").first.wait_for()
    assert Signup.objects.count() == 0
    axe_check(page)

    page.get_by_role("group", name=re.compile("Behöver du tolk")).get_by_label("Ja").check()
    page.get_by_label(re.compile("Vilken kommun arbetar du i")).select_option("Rättvik")
    page.get_by_label(re.compile("Jag godkänner")).check()
    page.get_by_role("button", name="Anmäl mig").click()
    page.get_by_text("Din plats är bekräftad").wait_for()
    answers = Signup.objects.get().answers.all()
    assert [(a.label, a.display_value) for a in answers] == [
        ("Behöver du tolk?", "Ja"),
        ("Vilken kommun arbetar du i?", "Rättvik"),
    ]
