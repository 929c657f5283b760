"""The design system in a real browser: axe at 320 and 1280 px on one page of every kind,
no sideways scrolling on a phone, the collapsible menu and focus after a form error."""

import pytest

from tests.conftest import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/overenskommelser/",
    "/overenskommelser/rok-blekinge-2019-2021/",
    "/kommuntal/kommun/leksand/",
    "/projekt/yrkesvag/",
    "/foreningar/",
    "/foreningar/aktiviteter/",
    "/kalender/",
    "/kalender/manad/",
    "/sok/?q=samverkan",
    "/konto/login/",
    "/konto/signup/",
    "/designsystem/",
]


def test_every_page_kind_is_accessible_at_320_and_1280_px(live_server, browser, axe_check):
    load_demo()
    problems = []
    for width in (320, 1280):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            locale="sv-SE",
            timezone_id="Europe/Stockholm",
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        for path in PAGES:
            response = page.goto(live_server.url + path)
            assert response.status < 400, path
            try:
                axe_check(page)
            except AssertionError as error:
                problems.append(f"{width}px {path}: {error}")
            if width == 320:
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > 320:
                    problems.append(f"320px {path}: scrolls sideways ({scroll_width} px)")
        context.close()
    assert problems == [], "\n".join(problems)


def test_menu_collapses_behind_a_button_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/konto/login/")
    toggle = page.get_by_role("button", name="Meny")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Skapa konto").is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 200
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Skapa konto").is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    context.close()

    wide = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = wide.new_page()
    page.goto(live_server.url + "/konto/login/")
    assert not page.get_by_role("button", name="Meny").is_visible()
    assert page.get_by_role("link", name="Skapa konto").is_visible()
    wide.close()


def test_focus_moves_to_the_error_summary(live_server, page, axe_check):
    page.goto(live_server.url + "/konto/login/")
    page.get_by_role("button", name="Logga in").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Fel: ")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    axe_check(page)


def test_every_focusable_element_shows_focus(live_server, page):
    page.goto(live_server.url + "/konto/signup/")
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {tag: e.tagName, outline: s.outlineStyle, width: s.outlineWidth,
                        shadow: s.boxShadow}; }"""
        )
        if style["tag"] == "BODY":
            break
        seen += 1
        assert style["outline"] != "none" and style["width"] != "0px", style
    assert seen > 5
