from wagtail.models import Page

import pytest

from portal.models import AccessibilityStatementPage, HomePage, StandardPage


@pytest.mark.django_db
def test_page_tree_rules():
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}
    assert AccessibilityStatementPage.allowed_parent_page_models() == [HomePage]
    assert HomePage.max_count == 1


@pytest.mark.django_db
def test_home_page_is_swedish_with_landmarks(client, home):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert "Hoppa till innehållet" in html
    assert 'role="search"' in html


@pytest.mark.django_db
def test_language_switch_sets_english_and_back(client, home):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to content" in response.content.decode()
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"}, follow=True)
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_swedish(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.django_db
def test_friendly_404_in_swedish(client, home):
    response = client.get("/det-har-finns-inte/")
    assert response.status_code == 404
    assert "Vi hittade inte sidan" in response.content.decode()


@pytest.mark.django_db
def test_footer_links_to_accessibility_and_privacy(client, demo_content):
    html = client.get("/").content.decode()
    assert 'href="/tillganglighet/"' in html
    assert 'href="/personuppgifter/"' in html
    statement = client.get("/tillganglighet/").content.decode()
    assert "DIGG" in statement
    assert "delvis förenlig" in statement


@pytest.mark.django_db
def test_dates_are_swedish(client, demo_content):
    statement = client.get("/tillganglighet/").content.decode()
    assert "1 november 2026" in statement


@pytest.mark.django_db
def test_sitemap_lists_public_pages_and_robots_points_to_it(client, demo_content):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/om-portalen/" in sitemap
    assert "/tillganglighet/" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /mina-sidor/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
