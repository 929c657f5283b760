"""A municipal coordinator opens Leksand's overview, goes to Dalarna's, sorts the municipality
table by this year's quota without JavaScript, and reads the gaps; axe passes on every page."""

import io

from django.core.management.color import no_style

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def load_demo():
    from wagtail.models import Collection

    import agreements.demo
    import events.demo
    import partners.demo
    import portal.demo

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    ctx = portal.demo.DemoContext(io.StringIO(), no_style())
    for module in (portal.demo, agreements.demo, partners.demo, events.demo):
        module.load(ctx)


def test_leksand_and_dalarna_overviews(live_server, page, axe_check):
    load_demo()
    page.goto(live_server.url + "/kommuner/leksand/")
    assert page.get_by_role("heading", level=1).inner_text() == "Leksand"
    assert page.get_by_role("img", name="Kommuntal för Leksand per år").is_visible()
    axe_check(page)

    page.get_by_role("main").get_by_role("link", name="Dalarnas län").first.click()
    page.wait_for_url("**/lan/dalarna/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dalarnas län"
    axe_check(page)

    table = page.locator("table.overview-table")
    table.get_by_role("link", name="Kommuntal i år").click()
    page.wait_for_url("**/lan/dalarna/?sortera=-kommuntal*")
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "descending"
    quotas = [
        int(text) if text.strip().isdigit() else -1
        for text in page.locator("table.overview-table tbody tr td:nth-child(3)").all_inner_texts()
    ]
    assert quotas == sorted(quotas, reverse=True)
    assert page.get_by_role("heading", name="Luckor", exact=True).is_visible()
    axe_check(page)
