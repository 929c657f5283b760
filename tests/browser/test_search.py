"""Searching in a real browser: results, facets, keyboard suggestions, accessibility."""

import re

from playwright.sync_api import expect

from portal.demo import paragraphs
from portal.factories import StandardPageFactory
from search.migrations_data import ensure_default_synonyms


def _publish(parent, **fields):
    page = StandardPageFactory.build(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_page_results_facets_and_suggestions(live_server, page, axe_check, home):
    ensure_default_synonyms()
    _publish(
        home,
        title="Kvotflyktingar i Dalarna",
        slug="kvotflyktingar",
        summary="Hur länet tar emot kvotflyktingar.",
        body=paragraphs("Den regionala överenskommelsen beskriver mottagandet av kvotflyktingar."),
    )
    _publish(
        home, title="Språkcafé för nyanlända", slug="sprakcafe", summary="Svenska över en fika."
    )

    page.goto(live_server.url + "/sok/")
    axe_check(page)
    page.get_by_role("combobox", name=re.compile("Sök bland sidor")).fill("kvotflykting")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kvotflyktingar i Dalarna")).to_be_visible()
    expect(page.locator(".search-snippet mark").first).to_have_text(
        re.compile("kvotflyktingar", re.I)
    )
    expect(page.get_by_text("1 träff för")).to_be_visible()
    axe_check(page)

    page.get_by_role("checkbox", name=re.compile("^Sida")).first.check()
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url(re.compile(r"[?&]typ=page(&|$)"))
    expect(page.get_by_text("Ta bort filtret Typ: Sida")).to_be_visible()

    # an old address lands on the same search in the site's vocabulary
    page.goto(live_server.url + "/sok/?q=kvotflykting&county=20&kind=page")
    page.wait_for_url(re.compile(r"/sok/\?q=kvotflykting&lan=dalarna&typ=page$"))
    expect(page.get_by_role("heading", name="Kvotflyktingar i Dalarna")).to_be_visible()

    page.goto(live_server.url + "/sok/?q=RÖK")
    expect(page.get_by_role("heading", name="Kvotflyktingar i Dalarna")).to_be_visible()

    page.goto(live_server.url + "/sok/?q=kvotflyktnigar")
    page.get_by_role("link", name="kvotflyktingar").click()
    expect(page.get_by_role("heading", name="Kvotflyktingar i Dalarna")).to_be_visible()

    # suggestions: a combobox driven from the keyboard
    box = page.get_by_role("combobox")
    box.fill("")
    box.press_sequentially("Språk", delay=30)
    option = page.get_by_role("option", name=re.compile("Språkcafé för nyanlända"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    axe_check(page)
    box.press("Enter")
    expect(page).to_have_url(re.compile("/sprakcafe/$"))


def test_a_place_name_offers_its_overview_first(live_server, page, axe_check, home):
    _publish(home, title="Flyktingguider i Rättvik", slug="guider", summary="Frivilliga guider.")
    page.goto(live_server.url + "/sok/?q=rattvik")
    overview = page.get_by_role("region", name="Översikt")
    link = overview.get_by_role("link", name="Rättvik: kommunens översikt")
    expect(link).to_be_visible()
    expect(page.get_by_role("heading", name="Flyktingguider i Rättvik")).to_be_visible()
    axe_check(page)
    link.click()
    page.wait_for_url(re.compile("/kommuner/rattvik/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rättvik")


def test_search_works_without_javascript(live_server, browser, home):
    _publish(home, title="Flyktingguider i Rättvik", slug="guider", summary="Frivilliga guider.")
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/sok/?q=flyktingguide")
    expect(page.get_by_role("heading", name="Flyktingguider i Rättvik")).to_be_visible()
    context.close()
