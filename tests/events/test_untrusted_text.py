"""Text from outside the staff is text: escaped where it is shown, on one line where a line break
would break an e-mail header or an ICS line, and no form or URL of the calendar answers 500."""

import ast
import pathlib

from django.core import mail

from wagtail.models import Page, WorkflowState

import pytest

from events.factories import make_event
from events.models import EventPage, Signup
from events.permissions import reviewers_group

from .ics_parser import events, parse, prop
from .test_proposals import proposal_data
from .test_signup import post_signup

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
EVENTS_DIR = pathlib.Path(__file__).resolve().parents[2] / "events"


def test_production_code_imports_no_demo_module():
    offenders = []
    for path in EVENTS_DIR.rglob("*.py"):
        if path.name == "demo.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name == "demo" or name.endswith(".demo") for name in names):
                offenders.append(str(path.relative_to(EVENTS_DIR.parent)))
    assert offenders == []


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("granskare", "granskare@example.se", "x")
    user.groups.add(reviewers_group())
    return user


@pytest.mark.django_db
def test_proposal_html_is_escaped_in_the_preview_and_on_the_published_page(
    client, calendar, member, reviewer
):
    user, organisation = member
    client.force_login(user)
    description = f"Inledning {SCRIPT}\n\n{IMG} och mer.\nNy rad."
    response = client.post(
        "/mina-sidor/evenemang/nytt/",
        proposal_data(organisation, description=description, summary=f"Kort {SCRIPT}"),
    )
    assert response.status_code == 302
    page = EventPage.objects.get()
    state = WorkflowState.objects.get(object_id=str(page.pk))

    client.force_login(reviewer)
    preview = client.get(
        f"/admin/pages/workflow/preview/{page.pk}/{state.current_task_state.task_id}/"
    )
    assert preview.status_code == 200
    for html in [preview.content.decode()]:
        assert SCRIPT not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=" in html

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    client.logout()
    html = client.get(EventPage.objects.get().url).content.decode()
    assert "Inledning" in html and "Ny rad." in html
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html


@pytest.mark.django_db
def test_single_line_fields_lose_line_breaks_at_input(client, calendar, member, event):
    user, organisation = member
    client.force_login(user)
    client.post(
        "/mina-sidor/evenemang/nytt/",
        proposal_data(
            organisation,
            title="Språkcafé\r\nBcc: alla@example.se",
            venue="Sal\n1",
            address="Kyrkallén 1,\r\nLeksand\x00\x07",
            cost="Gratis\u2028fika ingår",
            description="Första stycket.\r\n\r\nAndra stycket.\x0b",
        ),
    )
    page = EventPage.objects.get(venue="Sal 1")
    assert (page.title, page.address, page.cost) == (
        "Språkcafé Bcc: alla@example.se",
        "Kyrkallén 1, Leksand",
        "Gratis fika ingår",
    )
    assert "<p>Första stycket.</p><p>Andra stycket.</p>" in str(page.body)

    client.logout()
    post_signup(
        client,
        event.url,
        "karin@example.se",
        name="Karin\r\nBerg",
        employer="Rättviks\nkommun",
        needs="Vegetariskt\r\nTolk: arabiska",
    )
    signup = Signup.objects.get()
    assert (signup.name, signup.employer) == ("Karin Berg", "Rättviks kommun")
    assert signup.needs == "Vegetariskt\nTolk: arabiska"


@pytest.mark.django_db
def test_old_title_with_a_line_break_breaks_no_feed_or_email(client, calendar, future):
    page = make_event(calendar, future(12), slug="radbrytning", signup_enabled=True)
    Page.objects.filter(pk=page.pk).update(title="Rad ett\r\nRad två", draft_title="Rad ett")
    EventPage.objects.filter(pk=page.pk).update(venue="Sal\n2")

    single = client.get("/kalender/radbrytning/ics/")
    assert single.status_code == 200
    (vevent,) = events(parse(single.content))
    assert prop(vevent, "SUMMARY")[2] == "Rad ett Rad två"
    assert prop(vevent, "LOCATION")[2].startswith("Sal 2")
    feed = client.get("/kalender/kalender.ics")
    assert feed.status_code == 200
    assert [prop(e, "SUMMARY")[2] for e in events(parse(feed.content))] == ["Rad ett Rad två"]

    response = post_signup(client, "/kalender/radbrytning/", "karin@example.se")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "[Samverkansportalen] Bekräftelse: Rad ett Rad två"
    message.message()  # the headers can be written out
    assert events(parse(message.attachments[0][1].encode()))


@pytest.mark.django_db
def test_moderator_email_for_a_title_with_a_line_break(
    client, calendar, member, reviewer, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.se"
    user, organisation = member
    client.force_login(user)
    client.post(
        "/mina-sidor/evenemang/nytt/",
        proposal_data(organisation, title="Nytt\r\nevenemang"),
    )
    to_reviewer = [m for m in mail.outbox if m.to == ["granskare@example.se"]]
    assert len(to_reviewer) == 1
    message = to_reviewer[0]
    assert "Nytt evenemang" in message.subject and "\n" not in message.subject
    message.message()
    assert "https://portal.example.se/admin/" in message.body


JUNK = ["\x00", "a" * 10000, SCRIPT, "%00", "../../etc/passwd", "=1+1", "\r\nX: y", "🙂" * 50]


@pytest.mark.django_db
@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_calendar_urls_never_answers_500(client, event, junk):
    from urllib.parse import quote

    urls = [
        f"/kalender/?lan={quote(junk)}&kommun={quote(junk)}&amne={quote(junk)}",
        f"/kalender/?fran={quote(junk)}&till={quote(junk)}&form={quote(junk)}&sida={quote(junk)}",
        f"/kalender/arkiv/?malgrupp={quote(junk)}",
        f"/kalender/manad/2031/1/?kommun={quote(junk)}&fran={quote(junk)}",
        f"/kalender/kalender.ics?amne={quote(junk)}&fran={quote(junk)}",
        f"/kalender/trauma/avboka/{quote(junk, safe='')}/",
        f"/kalender/manad/{quote(junk, safe='')}/",
        "/kalender/manad/9999/99/",
        "/kalender/manad/0000/0/",
    ]
    for url in urls:
        assert client.get(url).status_code < 500, url
    assert client.post(f"/kalender/trauma/avboka/{quote(junk, safe='')}/").status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("junk", ["\x00", "a" * 10000, f"{SCRIPT}\r\nBcc: x@example.se"])
def test_junk_in_events_forms_never_answers_500(client, event, calendar, member, junk):
    base = {"name": "Karin", "email": "karin@example.se", "employer": "X", "consent": "on"}
    for field in ["name", "email", "employer", "municipality", "needs", "consent"]:
        response = client.post(event.url, {**base, field: junk})
        assert response.status_code < 500, field
    user, organisation = member
    client.force_login(user)
    valid = proposal_data(organisation)
    for field in valid:
        response = client.post("/mina-sidor/evenemang/nytt/", {**valid, field: junk})
        assert response.status_code < 500, field
    for signup in Signup.objects.all():
        assert "\x00" not in signup.name + signup.employer + signup.needs
