"""One convention for what the pages show the same way: required and optional form fields,
the current page in the breadcrumbs and times of day (the follow-up to the screenshot check of
2026-11-26, docs/screenshots/README.md)."""

import pytest

from tests.design.test_pages import get

pytestmark = pytest.mark.django_db

EVENT_WITH_QUESTIONS = "/kalender/mottagande-av-kvotflyktingar/"


def signup_form(tree):
    forms = [
        f
        for f in tree.find_all("form")
        if f.attrs.get("action", "").split("#")[0] == EVENT_WITH_QUESTIONS
    ]
    assert forms, "the event page has no sign-up form"
    return forms[0]


def in_form(tree, form, tag):
    return [n for n in tree.find_all(tag) if form in n.ancestors()]


def test_required_question_has_no_asterisk_and_optional_ones_say_so(client, site):
    _, tree = get(client, EVENT_WITH_QUESTIONS)
    form = signup_form(tree)
    names = [
        n.all_text().strip() for n in in_form(tree, form, "label") + in_form(tree, form, "legend")
    ]
    assert "Behöver du tolk?" in names
    assert [name for name in names if "*" in name] == []
    assert "Har du önskemål om innehållet? (frivilligt)" in names
