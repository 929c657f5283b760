"""A public employee finds the Blekinge RÖK from the home page and downloads its PDF."""

import io

from django.core.management.color import no_style

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def load_demo():
    """The site core and agreements demo content; a flushed database has lost the root
    collection that documents need, so it is put back first."""
    from wagtail.models import Collection

    import agreements.demo
    import portal.demo

    if not Collection.objects.exists():
        Collection.add_root(name="Root")

    ctx = portal.demo.DemoContext(io.StringIO(), no_style())
    portal.demo.load(ctx)
    agreements.demo.load(ctx)


def test_home_to_agreement_pdf(live_server, page, axe_check):
    load_demo()
    page.goto(live_server.url + "/")
    axe_check(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Överenskommelser"
    ).click()
    page.wait_for_url("**/overenskommelser/")
    assert page.get_by_role("heading", level=1).inner_text() == "Överenskommelser"
    axe_check(page)

    page.get_by_label("Län").select_option("blekinge")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url("**/overenskommelser/?*lan=blekinge*")
    results = page.locator(".card-list h3")
    titles = results.all_inner_texts()
    assert "RÖK Blekinge 2019–2021" in titles
    assert all("Blekinge" in t or "Karlskrona" in t or "Ronneby" in t for t in titles)
    axe_check(page)

    page.get_by_role("link", name="RÖK Blekinge 2019–2021").click()
    page.wait_for_url("**/overenskommelser/rok-blekinge-2019-2021/")
    assert page.get_by_text("Upphört").first.is_visible()
    assert page.get_by_role("heading", name="Parter").is_visible()
    axe_check(page)

    link = page.get_by_role("link", name="RÖK Blekinge 2019–2021").last
    href = link.get_attribute("href")
    assert href and href.endswith(".pdf")
    response = page.request.get(live_server.url + href if href.startswith("/") else href)
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"


def test_knowledge_and_quota_pages_are_accessible(live_server, page, axe_check):
    load_demo()
    for path in (
        "/metodstod/",
        "/metodstod/metodstod-for-samverkan-2017/",
        "/projekt/",
        "/projekt/?status=pagar",
        "/projekt/tillsammans-for-ett-effektivare-mottagande/",
        "/kommuntal/",
        "/kommuntal/dalarna/2024/",
        "/kommuntal/kommun/leksand/",
        "/overenskommelser/lok-leksand-2024-2026/",
        "/overenskommelser/?lan=dalarna&status=upphort",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        axe_check(page)
    page.goto(live_server.url + "/kommuntal/dalarna/2024/")
    chart = page.get_by_role("img", name="Kommuntal 2024 per kommun i Dalarna")
    assert chart.is_visible()
    page.get_by_role("link", name="Leksand").first.click()
    page.wait_for_url("**/kommuntal/kommun/leksand/")
    assert "Kommuntal för Leksand" in page.locator("h1").inner_text()
