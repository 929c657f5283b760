"""The site chrome (main menu, footer contact and links) on every page: kept between requests,
and changed the moment an editor publishes, unpublishes or renames a page or edits the footer."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from portal.factories import StandardPageFactory
from portal.models import SiteChrome


def menu_links(client, url="/om/"):
    html = client.get(url).content.decode()
    menu = html.split('class="site-nav__list"', 1)[1].split("</ul>", 1)[0]
    return html, menu


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="Om portalen", slug="om", show_in_menus=True)


@pytest.mark.django_db
def test_repeat_render_reads_menu_and_footer_without_queries(client, home, about):
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.contact_email = "info@example.se"
    chrome.accessibility_page = about
    chrome.save()
    client.get("/om/")
    with CaptureQueriesContext(connection) as context:
        html, menu = menu_links(client)
    assert '<a href="/om/" aria-current="page">Om portalen</a>' in menu
    assert 'href="mailto:info@example.se"' in html
    assert '<li><a href="/om/">Tillgänglighetsredogörelse</a></li>' in html
    chrome_queries = [
        query["sql"]
        for query in context.captured_queries
        if "show_in_menus" in query["sql"].partition(" WHERE ")[2]
        or "portal_sitechrome" in query["sql"]
        or f'WHERE "wagtailcore_page"."id" = {about.pk} ' in query["sql"]
    ]
    assert chrome_queries == []


@pytest.mark.django_db
def test_menu_shows_a_published_page_at_once_and_drops_an_unpublished_one(client, home, about):
    assert "Nyheter" not in menu_links(client)[1]
    news = StandardPageFactory(parent=home, title="Nyheter", slug="nyheter", show_in_menus=True)
    news.save_revision().publish()
    assert '<a href="/nyheter/">Nyheter</a>' in menu_links(client)[1]
    news.title = "Aktuellt"
    news.save_revision().publish()
    assert '<a href="/nyheter/">Aktuellt</a>' in menu_links(client)[1]
    news.unpublish()
    assert "/nyheter/" not in menu_links(client)[1]


@pytest.mark.django_db
def test_footer_shows_a_changed_contact_at_once(client, home, about):
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    assert "mailto:" not in client.get("/om/").content.decode()
    chrome.contact_email = "kontakt@example.se"
    chrome.privacy_page = about
    chrome.save()
    html = client.get("/om/").content.decode()
    assert 'href="mailto:kontakt@example.se"' in html
    assert '<li><a href="/om/">Personuppgifter och integritet</a></li>' in html


@pytest.mark.django_db
def test_menu_in_english_is_the_same_pages(client, home, about):
    client.cookies["django_language"] = "en"
    html, menu = menu_links(client)
    assert '<html lang="en">' in html
    assert '<a href="/om/" lang="sv" aria-current="page">Om portalen</a>' in menu


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/foreningar/", "/sok/?q=sfi"])
def test_a_page_outside_wagtail_finds_its_kept_chrome_without_looking_up_the_site(
    client, home, about, url
):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        html = client.get(url).content.decode()
    assert '<a href="/om/">Om portalen</a>' in html
    assert not [q["sql"] for q in context.captured_queries if "wagtailcore_site" in q["sql"]]


@pytest.mark.django_db
def test_a_new_site_for_another_host_gets_its_own_menu(client, home, about, settings):
    settings.ALLOWED_HOSTS = ["testserver", "annan.example.se"]
    other_root = StandardPageFactory(parent=home.get_parent(), title="Annan", slug="annan")
    StandardPageFactory(parent=other_root, title="Bara här", slug="bara-har", show_in_menus=True)
    client.get("/foreningar/")  # the default site's chrome kept
    Site.objects.create(hostname="annan.example.se", root_page=other_root)
    html = client.get("/foreningar/", HTTP_HOST="annan.example.se").content.decode()
    assert "Bara här" in html and "Om portalen" not in html
