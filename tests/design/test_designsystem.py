"""The design system's reference page: every component on one page, hidden from robots."""

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db

MARKERS = [
    'class="sender"',
    'class="breadcrumbs"',
    'class="page-header',
    'class="card-list"',
    'class="card card--section"',
    'class="badge badge--success"',
    'class="notice notice--error"',
    'class="table-region"',
    'class="tabs"',
    'class="hint"',
    'class="error-summary"',
    'class="errorlist"',
    'class="field field--error"',
    'class="filters"',
    'class="pagination"',
    'class="empty-state"',
]


def test_the_design_system_page_shows_every_component(site):
    response = Client().get("/designsystem/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    missing = [marker for marker in MARKERS if marker not in html]
    assert missing == []


def test_the_design_system_page_is_not_linked_or_in_the_sitemap(site):
    client = Client()
    assert "/designsystem/" not in client.get("/").content.decode()
    assert "/designsystem/" not in client.get("/sitemap.xml").content.decode()
