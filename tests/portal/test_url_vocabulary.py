"""The shared list parts speak the site's one URL vocabulary (DESIGN.md): the filter form keeps
a search's order as ``sortera`` and page links and ``paginate`` use ``sida``, so neither a
filter submit nor a page link costs the visitor a redirect."""

import re
from html import unescape
from urllib.parse import urlencode

from django.test import RequestFactory

import pytest

from portal.opendata.params import legacy_redirect
from portal.pagination import paginate
from search.backends.database import DatabaseBackend
from tests.search.conftest import make_documents

pytestmark = pytest.mark.django_db


def filter_form(html):
    start = html.index("data-filter-form")
    return html[start : html.index("</form>", start)]


def test_search_filter_form_keeps_the_order_as_sortera(client, db):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    DatabaseBackend().index(make_documents())
    html = client.get("/sok/", {"q": "Dalarna OR Leksand", "sortera": "datum"}).content.decode()
    form = filter_form(html)
    assert '<input type="hidden" name="sortera" value="datum">' in form
    assert 'name="sort"' not in form
    # submitting the form as it stands lands on the results, not on a redirect
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    response = client.get("/sok/?" + urlencode([(n, unescape(v)) for n, v in pairs]))
    assert response.status_code == 200


def test_search_filter_form_has_no_order_field_when_sorted_by_relevance(client, db):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    DatabaseBackend().index(make_documents())
    form = filter_form(client.get("/sok/", {"q": "Dalarna OR Leksand"}).content.decode())
    assert 'name="sortera"' not in form and 'name="sort"' not in form


@pytest.mark.parametrize(
    ("query", "number"),
    [("sida=2", 2), ("sida=99", 3), ("sida=abc", 1), ("sida=-1", 3), ("page=2", 1), ("", 1)],
)
def test_paginate_reads_sida(query, number):
    request = RequestFactory().get("/lista/?" + query)
    page = paginate(request, list(range(50)), per_page=20)
    assert page.number == number


def test_page_links_use_sida_and_keep_the_filters():
    from django.template.loader import render_to_string

    request = RequestFactory().get("/projekt/?status=pagar&sida=2")
    page = paginate(request, list(range(50)), per_page=20)
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    links = [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]
    assert links == ["?status=pagar&sida=1", "?status=pagar&sida=3"]
    for link in links:
        assert legacy_redirect(RequestFactory().get("/projekt/" + link)) is None


@pytest.mark.django_db
def test_a_known_count_saves_the_paginators_count_query(django_assert_num_queries):
    from portal.models import Municipality

    request = RequestFactory().get("/foreningar/?sida=3")
    municipalities = Municipality.objects.order_by("name")
    with django_assert_num_queries(1):  # the page's rows only
        page = paginate(request, municipalities, 20, count=290)
        names = [m.name for m in page.object_list]
    assert page.number == 3 and page.paginator.num_pages == 15
    assert names == [m.name for m in municipalities[40:60]]
