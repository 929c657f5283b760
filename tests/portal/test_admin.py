from django.contrib.auth import get_user_model

import pytest

from portal.models import Municipality, TargetGroup


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("redaktion", "redaktion@example.se", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_portal_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/admin/")


@pytest.mark.django_db
def test_staff_edit_target_groups_in_the_admin(staff_client, home):
    group = TargetGroup.objects.get(slug="kvotflyktingar")
    listing = staff_client.get("/admin/snippets/portal/targetgroup/")
    assert listing.status_code == 200
    assert "Kvotflyktingar" in listing.content.decode()
    response = staff_client.post(
        f"/admin/snippets/portal/targetgroup/edit/{group.pk}/",
        {
            "name": "Kvotflyktingar (vidarebosättning)",
            "slug": group.slug,
            "description": "",
            "sort_order": 30,
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Kvotflyktingar (vidarebosättning)"


@pytest.mark.django_db
def test_staff_look_up_municipality_codes(staff_client, home):
    response = staff_client.get("/admin/snippets/portal/municipality/", {"q": "Rättvik"})
    assert response.status_code == 200
    assert "2031" in response.content.decode()
    assert Municipality.objects.filter(name="Rättvik").exists()


@pytest.mark.django_db
def test_staff_can_edit_the_accessibility_statement(staff_client, demo_content):
    from portal.models import AccessibilityStatementPage

    statement = AccessibilityStatementPage.objects.get()
    response = staff_client.get(f"/admin/pages/{statement.pk}/edit/")
    assert response.status_code == 200
    assert "known_issues" in response.content.decode()
