"""The event's edit form in tabs the way editors work, with the registration questions under
Anmälan, and Wagtail's promote and settings fields still there."""

import re

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from events.models import EventPage, RegistrationQuestion
from tests.admin_forms import tab_labels


def panel(html, label):
    """The HTML of the tab panel whose tab is called ``label``."""
    for href, text in re.findall(
        r'<a[^>]*href="#([^"]+)"[^>]*role="tab"[^>]*>(.*?)</a>', html, re.S
    ):
        if label in text:
            start = html.index(f'id="{href}"')
            following = html.find('class="w-tabs__panel"', html.index(">", start))
            return html[start : following if following > 0 else None]
    raise AssertionError(f"no tab {label}")


@pytest.mark.django_db
def test_the_event_form_is_in_tabs_with_questions_under_signup(admin_client, event):
    html = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert tab_labels(html) == ["Innehåll", "Tid och plats", "Anmälan", "Kategorier", "Publicering"]
    signup = panel(html, "Anmälan")
    assert 'name="capacity"' in signup and "Frågor vid anmälan" in signup
    assert 'id="id_questions-TOTAL_FORMS"' in signup
    assert 'name="occurrences-TOTAL_FORMS"' in panel(html, "Tid och plats")
    categories = panel(html, "Kategorier")
    assert 'name="target_groups"' in categories
    # counties and municipalities in the admin's one searchable list, grouped by county
    assert categories.count("data-geography-filter") == 2
    assert "<legend>Dalarnas län</legend>" in categories
    publishing = panel(html, "Publicering")
    assert 'name="seo_title"' in publishing and 'name="go_live_at"' in publishing


def form_data(event, questions):
    occurrence = event.occurrence_list[0]
    return nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "summary": "",
            "status": "scheduled",
            "format": "onsite",
            "language": "svenska",
            "body": streamfield([]),
            "signup_enabled": "on",
            "capacity": "20",
            "occurrences": inline_formset(
                [
                    {
                        "id": occurrence.pk,
                        "start": occurrence.local_start.strftime("%Y-%m-%d %H:%M"),
                        "end": occurrence.local_end.strftime("%Y-%m-%d %H:%M"),
                        "ORDER": "1",
                    }
                ],
                min=1,
            ),
            "questions": inline_formset(questions),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
def test_staff_add_questions_in_the_form_and_a_choice_needs_options(admin_client, event):
    url = f"/admin/pages/{event.pk}/edit/"
    bad = form_data(event, [{"label": "Kommun?", "kind": "choice", "options": "Bara en"}])
    response = admin_client.post(url, bad)
    assert response.status_code == 200
    assert "Ange minst två alternativ" in response.content.decode()
    assert not RegistrationQuestion.objects.exists()
    good = form_data(
        event,
        [
            {"label": "Behöver du tolk?", "kind": "yes_no", "required": "on", "ORDER": "1"},
            {
                "label": "Vilken kommun arbetar du i?",
                "kind": "choice",
                "options": "Leksand\nRättvik",
                "ORDER": "2",
            },
        ],
    )
    good["action-publish"] = "action-publish"
    response = admin_client.post(url, good)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = EventPage.objects.get(pk=event.pk)
    assert [(q.label, q.kind, q.required) for q in page.questions.all()] == [
        ("Behöver du tolk?", "yes_no", True),
        ("Vilken kommun arbetar du i?", "choice", False),
    ]
    html = admin_client.get(page.url).content.decode()
    assert "Behöver du tolk?" in html and "Rättvik" in html
