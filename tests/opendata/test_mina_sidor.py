"""Mina sidor links to the user's saved searches, with how many are active, at a constant
query count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from partners.factories import UserFactory
from portal.alerts import SavedSearch

pytestmark = pytest.mark.django_db


def follow(email, n, confirmed=True):
    for i in range(n):
        SavedSearch.objects.create(
            email=email,
            scope="kalender",
            query=[["lan", "dalarna"]],
            label=f"Kalender {i}",
            confirmed_at=timezone.now() if confirmed else None,
        )


def dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/mina-sidor/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_dashboard_links_to_saved_searches_with_the_active_count(client):
    user = UserFactory(email="anna@example.se")
    follow("anna@example.se", 2)
    follow("anna@example.se", 1, confirmed=False)  # not active until confirmed
    follow("someone@example.se", 4)
    client.force_login(user)
    html, _count = dashboard(client)
    assert 'href="/mina-sidor/bevakningar/"' in html
    assert "Mina bevakningar" in html
    assert "Du har 2 aktiva bevakningar" in html


def test_dashboard_without_saved_searches_says_so_and_still_links(client):
    client.force_login(UserFactory(email="bo@example.se"))
    html, _count = dashboard(client)
    assert 'href="/mina-sidor/bevakningar/"' in html
    assert "Du har inga aktiva bevakningar" in html


def test_dashboard_query_count_does_not_grow_with_saved_searches(client):
    user = UserFactory(email="anna@example.se")
    client.force_login(user)
    follow("anna@example.se", 1)
    dashboard(client)  # the first request fills the site and session caches
    _html, small = dashboard(client)
    follow("anna@example.se", 20)
    html, large = dashboard(client)
    assert "Du har 21 aktiva bevakningar" in html
    assert large == small
