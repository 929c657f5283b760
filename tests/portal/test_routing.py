"""Page routing through the shared cache (portal.routing): a page found once is found again in
two round trips instead of walking the tree, and a kept route never outlives a move, a new
slug, an unpublish, a deletion, a change of sites or a view restriction."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from events.factories import CalendarIndexPageFactory
from portal import routing
from portal.factories import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home):
    section = StandardPageFactory(parent=home, title="Om samverkan", slug="om-samverkan")
    StandardPageFactory(parent=section, title="Metodstöd", slug="metodstod")
    return section


def tree_walk_queries(captured):
    """The queries of Wagtail's walk: the site, and child pages looked up by slug."""
    return [
        query["sql"]
        for query in captured
        if '"wagtailcore_site"' in query["sql"] or '"wagtailcore_page"."slug" =' in query["sql"]
    ]


def visit(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response, captured.captured_queries


def test_a_page_found_once_is_found_again_without_walking_the_tree(client, section):
    first, walked = visit(client, "/om-samverkan/metodstod/")
    again, kept = visit(client, "/om-samverkan/metodstod/")
    assert first.context["page"].pk == again.context["page"].pk
    assert len(tree_walk_queries(walked)) >= 3
    assert tree_walk_queries(kept) == []
    assert len(kept) <= len(walked) - 3
    assert type(again.context["page"]).__name__ == "StandardPage"


def test_the_kept_route_serves_the_same_page(client, section):
    first = client.get("/om-samverkan/metodstod/")
    second = client.get("/om-samverkan/metodstod/")
    assert first.status_code == second.status_code == 200
    assert "Metodstöd" in second.content.decode()
    assert second.context["page"].pk == first.context["page"].pk


def test_sub_routes_of_a_routable_page_come_from_the_kept_route(client, home):
    CalendarIndexPageFactory(parent=home)
    first = client.get("/kalender/manad/2027/1/")
    second = client.get("/kalender/manad/2027/1/")
    other_month = client.get("/kalender/manad/2027/2/")
    assert first.status_code == second.status_code == other_month.status_code == 200
    assert "januari 2027" in second.content.decode().lower()
    assert "februari 2027" in other_month.content.decode().lower()
    assert client.get("/kalender/manad/2027/13/").status_code == 404


def test_a_moved_page_is_not_found_at_its_old_path(client, section, home):
    page = Page.objects.get(slug="metodstod").specific
    assert client.get("/om-samverkan/metodstod/").status_code == 200
    page.move(home, pos="last-child")
    old = client.get("/om-samverkan/metodstod/")
    assert (old.status_code, old.get("Location")) == (301, "/metodstod/")  # the redirect made
    assert client.get("/metodstod/").status_code == 200


def test_a_new_slug_moves_the_page_to_its_new_path(client, section):
    page = Page.objects.get(slug="metodstod").specific
    assert client.get("/om-samverkan/metodstod/").status_code == 200
    page.slug = "metodmaterial"
    page.save_revision().publish()
    old = client.get("/om-samverkan/metodstod/")
    # not served there any longer (Wagtail's redirect for a new slug is made after the commit)
    assert old.status_code == 404
    assert "Metodstöd" in client.get("/om-samverkan/metodmaterial/").content.decode()


def test_an_unpublished_page_is_gone_and_back_when_published_again(client, section):
    page = Page.objects.get(slug="metodstod").specific
    assert client.get("/om-samverkan/metodstod/").status_code == 200
    page.unpublish()
    assert client.get("/om-samverkan/metodstod/").status_code == 404
    page.save_revision().publish()
    assert client.get("/om-samverkan/metodstod/").status_code == 200


def test_a_deleted_page_is_gone_and_a_new_one_at_its_path_is_served(client, section):
    old = Page.objects.get(slug="metodstod")
    assert client.get("/om-samverkan/metodstod/").status_code == 200
    old.delete()
    assert client.get("/om-samverkan/metodstod/").status_code == 404
    StandardPageFactory(parent=section, title="Nytt metodstöd", slug="metodstod")
    assert "Nytt metodstöd" in client.get("/om-samverkan/metodstod/").content.decode()


def test_a_view_restriction_added_after_the_route_was_kept_still_applies(client, section):
    assert client.get("/om-samverkan/metodstod/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Länsstyrelsen"))
    response = client.get("/om-samverkan/metodstod/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_a_new_site_root_is_used_at_once(client, section, home):
    assert client.get("/om-samverkan/").status_code == 200
    other = HomePageFactory.build(title="Annan webbplats", slug="annan")
    Page.get_first_root_node().add_child(instance=other)
    StandardPageFactory(parent=other, title="Annat innehåll", slug="om-samverkan")
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    assert "Annat innehåll" in client.get("/om-samverkan/").content.decode()


def test_a_renamed_site_root_routes_its_pages_again(client, section, home):
    assert client.get("/om-samverkan/metodstod/").status_code == 200
    home.slug = "startsida"
    home.save_revision().publish()
    assert "Metodstöd" in client.get("/om-samverkan/metodstod/").content.decode()


def test_unknown_hosts_and_paths_still_answer_404(client, home, settings):
    settings.ALLOWED_HOSTS = ["testserver", "annan.example.se"]
    Site.objects.update(is_default_site=False)
    routing.forget_sites()
    assert client.get("/", HTTP_HOST="annan.example.se").status_code == 404
    assert client.get("/finns-inte/").status_code == 404


def test_junk_hosts_do_not_grow_the_kept_site_table(client, section, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for n in range(routing.MAX_HOSTS + 15):
        response = client.get("/om-samverkan/", HTTP_HOST=f"skrap-{n}.example.se")
        assert response.status_code == 200  # the default site answers any host
    kept = routing.page_cache().get(routing.SITES_KEY)
    assert len(kept) == routing.MAX_HOSTS
    assert client.get("/om-samverkan/", HTTP_HOST="ytterligare.example.se").status_code == 200


def test_an_unreachable_cache_only_makes_routing_slower(client, section, monkeypatch):
    class Unreachable:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("the cache is down")

            return fail

    monkeypatch.setattr(routing, "page_cache", Unreachable)
    response = client.get("/om-samverkan/metodstod/")
    assert response.status_code == 200
    assert response.context["page"].title == "Metodstöd"
    assert client.get("/om-samverkan/finns-inte/").status_code == 404
