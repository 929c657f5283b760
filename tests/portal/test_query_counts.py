from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from portal.factories import StandardPageFactory


def queries_for(client, url):
    """(queries of a render with nothing kept, of a repeat render): the menu and footer are
    kept between requests (portal.context_processors) until a page or the settings change."""
    from django.core.cache import cache

    counts = []
    cache.clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    return tuple(counts)


@pytest.mark.django_db
def test_home_and_standard_pages_keep_a_constant_number_of_queries(client, home):
    first = StandardPageFactory(parent=home, show_in_menus=True, slug="forsta")
    StandardPageFactory.create_batch(3, parent=home, show_in_menus=True)
    client.get("/")  # warm the site-root cache
    small = (queries_for(client, "/"), queries_for(client, first.url))
    StandardPageFactory.create_batch(30, parent=home, show_in_menus=True)
    large = (queries_for(client, "/"), queries_for(client, first.url))
    assert small == large
    # a repeat render reads the menu (and its view restrictions), the footer settings and
    # Wagtail's site root paths from the cache: 16 and 11 queries with nothing kept, 12 and 7
    # on a repeat
    assert all(repeat <= first - 4 for first, repeat in small)
    print("queries (nothing kept, repeat) for / and a page:", small)
