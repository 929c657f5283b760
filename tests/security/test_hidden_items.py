"""Nothing hidden leaks (issue 11c): one hidden item of each kind, absent from every surface.

Each hidden item carries a made-up word no other content has; a surface leaks it if the word (or
the item's address) appears there. Beside them live visible twins with the word "ravunge", which
every surface must show: otherwise an absence would prove nothing.
"""

import datetime
import json
from urllib.parse import quote

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Collection, PageViewRestriction

import pytest

from tests.conftest import module_data

from .summary import REPORT
from .world import World as BaseWorld
from .world import (
    build_people_and_organisations,
    build_site,
    in_stockholm,
    on_commit_runs,
    restrict,
)

pytestmark = pytest.mark.django_db

VISIBLE = "ravunge"

# kind -> the made-up word in its title
HIDDEN = {
    "password-restricted event page": "kvittrafink",
    "login-restricted event page": "snorkelgadda",
    "unpublished agreement page": "tjaderspel",
    "document attached to no page": "myrslokar",
    "pending organisation": "pingvinsvans",
    "activity unpublished by staff": "ekorrhjul",
    "expired page": "hummerklo",
}


def build_hidden_world():
    from agreements.factories import AgreementPageFactory
    from events.factories import make_event
    from partners.factories import ActivityFactory, OrganisationFactory
    from partners.models import Organisation

    world = BaseWorld()
    with on_commit_runs():
        build_site(world)
        build_people_and_organisations(world)
        calendar, agreements = world.calendar, world.agreements
        start = in_stockholm(25)

        def event(title, slug, **fields):
            return make_event(calendar, start, title=title, slug=slug, publish=True, **fields)

        world.objects["visible_event"] = event(f"Synlig kurs {VISIBLE}", "synlig-kurs")
        urls = world.objects["hidden_urls"] = {}
        locked = event(f"Kurs {HIDDEN['password-restricted event page']}", "losenordskurs")
        restrict(locked, PageViewRestriction.PASSWORD, "hemligt")
        members_only = event(f"Kurs {HIDDEN['login-restricted event page']}", "inloggningskurs")
        restrict(members_only, PageViewRestriction.LOGIN)
        urls["password-restricted event page"] = locked.url
        urls["login-restricted event page"] = members_only.url
        expiring = make_event(
            calendar, start, title=f"Kurs {HIDDEN['expired page']}", slug="utgangen-kurs"
        )
        expiring.expire_at = timezone.now() + datetime.timedelta(days=1)
        expiring.save_revision().publish()
        urls["expired page"] = expiring.url

        AgreementPageFactory(parent=agreements, title=f"Överenskommelse {VISIBLE}")
        for page in agreements.get_children().specific():
            page.save_revision().publish()
        gone = AgreementPageFactory(
            parent=agreements, title=f"Överenskommelse {HIDDEN['unpublished agreement page']}"
        )
        gone.save_revision().publish()
        gone.unpublish()
        urls["unpublished agreement page"] = gone.url

        from django.core.files.base import ContentFile

        from wagtail.documents import get_document_model

        Document = get_document_model()
        document = Document(
            title=f"Bilaga {HIDDEN['document attached to no page']}",
            collection=Collection.get_first_root_node(),
        )
        document.file.save(
            "bilaga.txt",
            ContentFile(f"Intern bilaga {HIDDEN['document attached to no page']}".encode()),
            save=False,
        )
        document.save()
        urls["document attached to no page"] = f"/dokument/{document.pk}/"

        visible_org = OrganisationFactory(
            name=f"Föreningen {VISIBLE}",
            municipalities=[world.leksand],
            status=Organisation.Status.VERIFIED,
        )
        ActivityFactory(organisation=visible_org, title=f"Språkcafé {VISIBLE}")
        pending = OrganisationFactory(
            name=f"Föreningen {HIDDEN['pending organisation']}",
            municipalities=[world.leksand],
            status=Organisation.Status.PENDING,
        )
        ActivityFactory(organisation=pending, title=f"Läxhjälp {HIDDEN['pending organisation']}")
        urls["pending organisation"] = pending.get_absolute_url()
        moderated = ActivityFactory(
            organisation=world.org_a, title=f"Språkcafé {HIDDEN['activity unpublished by staff']}"
        )
        urls["activity unpublished by staff"] = moderated.get_absolute_url()
        world.objects.update(moderated=moderated, expiring=expiring)

    # staff unpublish the activity with a reason, through the admin as they would
    with on_commit_runs():
        staff = Client()
        staff.force_login(world.users["superuser"])
        response = staff.post(
            reverse("wagtailsnippets_partners_activity:unpublish", args=[moderated.pk]),
            {"reason": "Innehållet bryter mot villkoren."},
        )
        assert response.status_code == 302, (
            f"the admin's unpublish view answered {response.status_code}; the hidden-item set up "
            "needs it"
        )
    # time passes: the expiry date is behind us, and no scheduled job has run yet
    type(expiring).objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return world


@pytest.fixture(scope="module")
def hidden_world(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, build_hidden_world) as data:
        yield data


def month_url(world, word=None):
    occurrence = world.visible_event.first_occurrence.local_start
    return f"{world.calendar.url}manad/{occurrence.year}/{occurrence.month}/"


def misspelt(word):
    return word[:-1] + ("a" if word[-1] != "a" else "e")


# surface -> a function (world, word) giving the URL to read
SURFACES = {
    "calendar list": lambda w, word: w.calendar.url,
    "month grid": month_url,
    "calendar ICS feed": lambda w, word: w.calendar.url + "kalender.ics",
    "home page": lambda w, word: "/",
    "directory: organisations": lambda w, word: "/foreningar/",
    "directory: activities": lambda w, word: "/foreningar/aktiviteter/",
    "agreement list": lambda w, word: w.agreements.url,
    "sitemap.xml": lambda w, word: "/sitemap.xml",
    "search results": lambda w, word: f"/sok/?q={quote(word)}",
    "search JSON": lambda w, word: f"/sok/?q={quote(word)}&format=json",
    "search suggestions": lambda w, word: f"/sok/forslag/?q={quote(word[:6])}",
    "did you mean (JSON)": lambda w, word: f"/sok/?q={quote(misspelt(word))}&format=json",
    "did you mean (page)": lambda w, word: f"/sok/?q={quote(misspelt(word))}",
}

# where the visible twin must show up (did-you-mean is checked through the JSON field below)
VISIBLE_ON = [name for name in SURFACES if not name.startswith("did you mean")]


def read(url):
    response = Client(raise_request_exception=False).get(url)
    body = response.content.decode()
    return response.status_code, body


CASES = [(kind, surface) for kind in HIDDEN for surface in SURFACES]
REPORT["hidden"] = (len(HIDDEN), len(SURFACES))


@pytest.mark.parametrize(
    ("kind", "surface"),
    CASES,
    ids=[f"{k.replace(' ', '-')}@{s.replace(' ', '-')}" for k, s in CASES],
)
def test_hidden_item_is_absent(hidden_world, kind, surface):
    word = HIDDEN[kind]
    url = SURFACES[surface](hidden_world, word)
    status, body = read(url)
    assert status < 500, f"{surface} ({url}) answered {status}"
    item_url = hidden_world.hidden_urls[kind]
    if surface == "did you mean (JSON)":
        suggestion = json.loads(body).get("did_you_mean") or ""
        assert word not in suggestion.lower(), (
            f"{surface}: searching {misspelt(word)!r} suggests {suggestion!r}, the title word of "
            f"the {kind}"
        )
        return
    if surface == "search JSON":
        hits = json.loads(body).get("results", [])
        leaked = [hit for hit in hits if word in json.dumps(hit, ensure_ascii=False).lower()]
        assert not leaked, f"the {kind} ({word!r}) is a hit in {url}: {leaked}"
        return
    if surface == "search results":
        # the page repeats the query itself, so look for a link to the item
        assert item_url not in body, f"the {kind} ({item_url}) is a hit on {url}"
        return
    assert word not in body.lower(), f"the {kind} ({word!r}) appears on the {surface} ({url})"
    assert item_url not in body, f"the {kind}'s address {item_url} appears on the {surface}"


@pytest.mark.parametrize("surface", VISIBLE_ON)
def test_visible_twin_is_shown(hidden_world, surface):
    """The control: without it an empty surface would pass every absence test."""
    url = SURFACES[surface](hidden_world, VISIBLE)
    status, body = read(url)
    assert status == 200, f"{surface} ({url}) answered {status}"
    assert VISIBLE in body.lower(), f"the visible items ({VISIBLE!r}) are missing on {surface}"


def test_staff_unpublished_activity_stays_unpublished(hidden_world):
    """An organisation's editor cannot undo staff's moderation; the reason stays."""
    from partners.models import Activity

    activity = hidden_world.moderated
    org = hidden_world.org_a
    client = Client(raise_request_exception=False)
    client.force_login(hidden_world.users["member_a"])
    client.post(
        f"/mina-sidor/foreningar/{org.pk}/aktiviteter/{activity.pk}/status/",
        {"status": Activity.Status.PUBLISHED},
    )
    activity.refresh_from_db()
    assert not activity.is_public, "the editor set a staff-unpublished activity back to published"
    assert activity.moderation_reason, "the editor's status change cleared staff's reason"
    data = {
        "title": activity.title,
        "kind": activity.kind,
        "description": activity.description,
        "weekdays": ["tue"],
        "is_online": "on",
        "publish": "1",
    }
    client.post(f"/mina-sidor/foreningar/{org.pk}/aktiviteter/{activity.pk}/redigera/", data)
    activity.refresh_from_db()
    assert not activity.is_public, "saving the form with 'publish' republished it"
    assert activity.moderation_reason, "saving the form with 'publish' cleared staff's reason"
    status, body = read(activity.get_absolute_url())
    assert status == 404, f"its public page answers {status}"
