"""The site core in a real browser: landmarks, keyboard, language switch, axe-core."""

import pytest

from tests.conftest import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    load_demo()


def test_home_page_is_accessible_and_navigable(live_server, page, axe_check, demo):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").count() == 1
    axe_check(page)

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    # the hash change is asynchronous: wait for it instead of reading the URL at once
    page.wait_for_url("**/#main")

    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    page.wait_for_url("**/tillganglighet/")
    assert "DOS-lagen" in page.content()
    axe_check(page)

    page.get_by_role("link", name="Personuppgifter och integritet").click()
    page.wait_for_url("**/personuppgifter/")
    axe_check(page)


def test_language_switch_and_404(live_server, page, axe_check, demo):
    page.goto(live_server.url + "/om-portalen/")
    axe_check(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"

    response = page.goto(live_server.url + "/finns-inte/")
    assert response.status == 404
    assert "Vi hittade inte sidan" in page.content()
    axe_check(page)


def test_small_screen_has_no_horizontal_scroll(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
    small = context.new_page()
    small.goto(live_server.url + "/")
    width = small.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360
