"""What a phone user sees at 375 px: table captions that can be read whole, a search box whose
example is not cut off, and form questions that line up with the other labels."""

import pytest

from tests.conftest import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, locale="sv-SE", timezone_id="Europe/Stockholm"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


CAPTIONS_IN_VIEW = """() => [...document.querySelectorAll('.table-region')].map(region => {
    const caption = region.querySelector('caption');
    const box = caption.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(caption);
    const lines = [...range.getClientRects()];
    return {
        text: caption.textContent.trim(),
        left: Math.min(...lines.map(r => r.left)),
        right: Math.max(...lines.map(r => r.right)),
        regionLeft: region.getBoundingClientRect().left,
        regionRight: region.getBoundingClientRect().right,
        width: box.width,
        role: region.getAttribute('role'),
        tabindex: region.getAttribute('tabindex'),
        label: region.getAttribute('aria-label'),
    };
})"""


def test_overview_table_captions_are_not_clipped_on_a_phone(live_server, phone, axe_check):
    load_demo()
    for path in ("/lan/dalarna/", "/kommuner/leksand/"):
        phone.goto(live_server.url + path)
        captions = phone.evaluate(CAPTIONS_IN_VIEW)
        assert captions, path
        for caption in captions:
            assert caption["left"] >= caption["regionLeft"] - 1, (path, caption)
            assert caption["right"] <= caption["regionRight"] + 0.5, (path, caption)
            assert caption["right"] <= 375, (path, caption)
            # The table itself may still scroll; the region stays named and reachable.
            assert caption["role"] == "region" and caption["tabindex"] == "0", (path, caption)
            assert caption["label"], (path, caption)
        # Scrolling the table leaves the caption where it can be read.
        region = phone.locator(".table-region").first
        region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
        after = phone.evaluate(CAPTIONS_IN_VIEW)[0]
        assert after["left"] >= after["regionLeft"] - 1, (path, after)
        assert after["right"] <= after["regionRight"] + 0.5, (path, after)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
        axe_check(phone)


def test_home_search_example_is_shown_whole_on_a_phone(live_server, phone, axe_check):
    load_demo()
    phone.goto(live_server.url + "/")
    box = phone.get_by_role("searchbox", name="Vad letar du efter?")
    fits = box.evaluate(
        """input => {
            if (!input.placeholder) return true;
            const style = getComputedStyle(input);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return context.measureText(input.placeholder).width <= room;
        }"""
    )
    assert fits
    example = phone.get_by_text("kommuntal, RÖK eller språkcafé")
    assert example.is_visible()
    hint_id = example.get_attribute("id")
    assert hint_id and hint_id in (box.get_attribute("aria-describedby") or "").split()
    axe_check(phone)


def test_question_fieldset_lines_up_with_the_other_labels(live_server, page):
    load_demo()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/kalender/mottagande-av-kvotflyktingar/")
        starts = page.locator("#anmalan form").evaluate(
            """form => {
                const textStart = el => {
                    const range = document.createRange();
                    range.selectNodeContents(el);
                    return range.getClientRects()[0].left;
                };
                return {
                    labels: [...form.querySelectorAll('.field:not(.field--checkbox) > label')].map(textStart),
                    legends: [...form.querySelectorAll('.field > legend')].map(textStart),
                    choices: [...form.querySelectorAll('fieldset.field input')].map(
                        i => i.getBoundingClientRect().left),
                };
            }"""
        )
        assert starts["legends"], width
        left = starts["labels"][0]
        assert set(starts["labels"]) == {left}, width
        assert set(starts["legends"]) == {left}, (width, starts)
        assert set(starts["choices"]) == {left}, (width, starts)
