"""The overview pages answer for every municipality and county, and junk never ends in an error."""

import pytest

from portal.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_every_municipality_and_county_page_answers(client, home):
    municipalities = list(Municipality.objects.values_list("slug", flat=True))
    counties = list(County.objects.values_list("slug", flat=True))
    assert (len(municipalities), len(counties)) == (290, 21)
    for slug in municipalities:
        assert client.get(f"/kommuner/{slug}/").status_code == 200, slug
    for slug in counties:
        assert client.get(f"/lan/{slug}/").status_code == 200, slug


def test_unknown_slug_is_not_found(client, home):
    assert client.get("/kommuner/atlantis/").status_code == 404
    assert client.get("/lan/atlantis/").status_code == 404


def test_index_links_every_county_and_municipality(client, home):
    html = client.get("/lan/").content.decode()
    assert 'href="/lan/dalarna/"' in html
    assert 'href="/kommuner/leksand/"' in html
