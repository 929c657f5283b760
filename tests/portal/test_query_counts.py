from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from portal.factories import StandardPageFactory


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_home_and_standard_pages_keep_a_constant_number_of_queries(client, home):
    first = StandardPageFactory(parent=home, show_in_menus=True, slug="forsta")
    StandardPageFactory.create_batch(3, parent=home, show_in_menus=True)
    client.get("/")  # warm the site-root cache
    small = (queries_for(client, "/"), queries_for(client, first.url))
    StandardPageFactory.create_batch(30, parent=home, show_in_menus=True)
    large = (queries_for(client, "/"), queries_for(client, first.url))
    assert small == large
