"""Staff keep the synonym and abbreviation list in the admin."""

from django.contrib.auth import get_user_model

import pytest

from search.models import Synonym
from search.query import load_synonyms, synonym_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.se", "x")
    client.force_login(user)
    return client


def test_fresh_site_has_the_abbreviations():
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"RÖK", "LÖK", "SFI", "ABO", "AF", "FK", "MV"} <= terms
    assert "RÖK, regional överenskommelse" in synonym_lines()


def test_synonym_list_in_the_admin(staff_client):
    response = staff_client.get("/admin/snippets/search/synonym/")
    assert response.status_code == 200
    assert "regional överenskommelse" in response.content.decode()


def test_staff_add_a_synonym_through_the_admin(staff_client):
    response = staff_client.post(
        "/admin/snippets/search/synonym/add/",
        {"term": "EKO", "equivalents": "etableringskoordinator, etableringsprogrammet"},
    )
    assert response.status_code == 302
    assert ("etableringskoordinator",) in load_synonyms()["eko"]
