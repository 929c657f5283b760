"""One convention for what the pages show the same way: required and optional form fields,
the current page in the breadcrumbs and times of day (the follow-up to the screenshot check of
2026-11-26, docs/screenshots/README.md)."""

import re

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


def crumbs_of(tree):
    navs = [n for n in tree.find_all("nav") if "breadcrumbs" in n.attrs.get("class", "")]
    assert len(navs) == 1
    return [n for n in tree.find_all("li") if navs[0] in n.ancestors()]


def assert_trail_ends_in_plain_text(client, url, title=None):
    """The breadcrumb trail's last item (the page itself) is plain text marked
    aria-current="page" (its title, when given); every item before it is a link."""
    _, tree = get(client, url, follow=True)
    crumbs = crumbs_of(tree)
    current = crumbs[-1]
    assert [n for n in tree.find_all("a") if current in n.ancestors()] == [], url
    marked = [
        n
        for n in tree.find_all()
        if n.attrs.get("aria-current") == "page" and current in n.ancestors()
    ]
    assert len(marked) == 1, url
    if title:
        assert marked[0].all_text().strip() == title, url
    for crumb in crumbs[:-1]:
        assert [n for n in tree.find_all("a") if crumb in n.ancestors()], url


def test_current_page_in_the_breadcrumbs_is_plain_text_on_every_kind_of_page(client, site):
    from partners.models import Organisation

    organisation = Organisation.objects.get(slug="falu-flyktingguider")
    activity = organisation.activities.first()
    urls = {
        organisation.get_absolute_url(): organisation.name,
        activity.get_absolute_url(): activity.title,
        "/kommuner/leksand/": "Leksand",
        "/lan/dalarna/": "Dalarnas län",
        "/overenskommelser/rok-dalarna-2024-2027/": None,
        "/kommuntal/dalarna/2024/": "Dalarna 2024",
        "/kommuntal/kommun/leksand/": "Leksand",
        "/designsystem/": "Designsystem",
    }
    for url, title in urls.items():
        assert_trail_ends_in_plain_text(client, url, title)


CLOCK_WITH_DOT = re.compile(r"\b\d{1,2}\.\d{2}\b")
CLOCK_WITH_COLON = re.compile(r"\b\d{2}:\d{2}–\d{2}:\d{2}\b")


def test_activity_times_are_written_like_the_calendar(client, site):
    _, tree = get(client, "/foreningar/aktiviteter/")
    schedules = [n.all_text() for n in tree.find_all("p") if "klockan" in n.all_text()]
    assert schedules
    assert [s for s in schedules if CLOCK_WITH_DOT.search(s)] == []
    assert all(CLOCK_WITH_COLON.search(s) for s in schedules), schedules


def test_signed_in_pages_end_their_breadcrumbs_in_plain_text(client, site):
    from partners.models import Organisation

    organisation = Organisation.objects.get(slug="falu-flyktingguider")
    member = organisation.memberships.first().user
    client.force_login(member)
    for url, title in {
        "/mina-sidor/kalender/": "Mina evenemang",
        "/mina-sidor/evenemang/": None,
        "/mina-sidor/evenemang/nytt/": None,
    }.items():
        assert_trail_ends_in_plain_text(client, url, title)
