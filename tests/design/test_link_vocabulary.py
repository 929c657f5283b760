"""Every filter link the site builds speaks the site's one URL vocabulary (DESIGN.md): a link
with an old parameter name would cost each visitor a redirect and keep the old words alive in
bookmarks. The pages below are the ones that link into the lists, search and the calendar,
and the detail pages whose facts (county, topic, kind) link back into them."""

import re
from html import unescape
from urllib.parse import urlsplit

from django.test import RequestFactory

import pytest

from portal.opendata.params import legacy_redirect
from tests.conftest import module_data

PAGES = [
    "/",
    "/kommuner/leksand/",
    "/kommuner/rattvik/",
    "/lan/dalarna/",
    "/lan/dalarna/?sortera=kommuntal",
    "/lan/blekinge/",
    "/overenskommelser/",
    "/overenskommelser/lok-leksand-2024-2026/",
    "/foreningar/",
    "/foreningar/aktiviteter/",
    "/kalender/",
    "/sok/?q=spr%C3%A5kcaf%C3%A9",
    "/kommuntal/",
    "/oppna-data/",
    "/projekt/",
    "/projekt/?status=pagar",
    "/projekt/tillsammans-for-ett-effektivare-mottagande/",
    "/metodstod/",
    "/metodstod/metodstod-for-samverkan-2017/",
    "/kalender/mottagande-av-kvotflyktingar/",
]


def detail_pages():
    """An organisation's page and one of its activities (their addresses hold ids)."""
    from partners.models import Activity

    activity = Activity.objects.public().select_related("organisation").first()
    return [activity.organisation.get_absolute_url(), activity.get_absolute_url()]


HREF = re.compile(r'href="([^"]*\?[^"]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tests.conftest import load_demo

    with module_data(django_db_blocker, load_demo):
        yield


def links_with_a_query(html):
    for href in HREF.findall(html):
        href = unescape(href)
        parts = urlsplit(href)
        if parts.netloc or not parts.query or parts.path.startswith(("/admin", "/konto")):
            continue
        yield href


@pytest.mark.django_db
def test_no_page_links_with_old_filter_names(demo, client):
    factory = RequestFactory()
    old = []
    checked = 0
    for path in PAGES + detail_pages():
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        for href in links_with_a_query(response.content.decode()):
            target = href if href.startswith("/") else urlsplit(path).path + href
            checked += 1
            if legacy_redirect(factory.get(target)) is not None:
                old.append(f"{path} → {href}")
    assert checked > 30  # the pages do link into filtered lists
    assert old == [], "\n".join(old)
