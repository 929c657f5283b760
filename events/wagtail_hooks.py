"""The calendar in the Wagtail admin: participants (with CSV export), buttons on event pages,
staff tools, and no personal data where it does not belong."""

import datetime

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from portal.csv_export import csv_response

from . import admin_views
from .models import EventPage, RegistrationQuestion, Signup


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


class AnswerColumn(Column):
    """One registration question's answers, one cell per participant."""

    def __init__(self, index, key, label):
        super().__init__(f"answer_{index}", label=label, accessor=self.answer_of)
        self.key = key

    def answer_of(self, signup):
        return answer_cell(signup, self.key)


def answer_cell(signup, key):
    """The participant's answer to the question ``key`` (see answer_keys), or ""."""
    for answer in signup.answers.all():  # prefetched
        if answer_key(answer) == key:
            return answer.display_value
    return ""


def answer_key(answer):
    """A question that still exists is one column; the answers to a deleted question stay
    together by the wording they were given to."""
    return ("q", answer.question_id) if answer.question_id else ("label", answer.label)


def answer_columns(signups):
    """(key, heading) of every question asked of ``signups`` (prefetched with their answers),
    in the events' order: the questions now in the forms, then deleted ones that were answered.
    One query, however many questions and sign-ups."""
    signups = list(signups)
    event_ids = list(dict.fromkeys(signup.event_id for signup in signups))
    questions = sorted(
        RegistrationQuestion.objects.filter(page_id__in=event_ids).select_related("page"),
        key=lambda question: (event_ids.index(question.page_id), question.sort_order, question.pk),
    )
    several = len({question.page_id for question in questions}) > 1
    columns = [
        (("q", q.pk), f"{q.label} ({q.page.title})" if several else q.label) for q in questions
    ]
    known = {key for key, _heading in columns}
    for signup in signups:
        for answer in signup.answers.all():
            key = answer_key(answer)
            if key not in known:
                known.add(key)
                columns.append(
                    (key, _("%(question)s (deleted question)") % {"question": answer.label})
                )
    return columns


class SignupIndexView(IndexView):
    """The participant list: one column per registration question of the events listed, and
    the same columns in the export."""

    def get_base_queryset(self):
        return Signup.objects.select_related("event", "municipality").prefetch_related("answers")

    def get_table(self, object_list):
        object_list = list(object_list)
        answers = [
            AnswerColumn(index, key, heading)
            for index, (key, heading) in enumerate(answer_columns(object_list))
        ]
        return self.table_class(self.columns + answers, object_list, **self.get_table_kwargs())

    def as_spreadsheet(self, queryset, spreadsheet_format):
        signups = list(queryset)
        self.answer_headings = answer_columns(signups)
        return super().as_spreadsheet(signups, spreadsheet_format)

    @property
    def export_fields(self):
        return list(self.list_export) + [key for key, _heading in self.answer_headings]

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for key, _heading in self.answer_headings:
            row[key] = answer_cell(item, key)
        return row

    def export_headings_for(self, queryset):
        headings = dict(self.answer_headings)
        return [
            headings[field] if field in headings else self.get_heading(queryset, field)
            for field in self.export_fields
        ]

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=str(_("Participants")))
        worksheet.append(self.export_headings_for(queryset))
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item)))
        workbook.save(output)

    def write_csv_response(self, queryset):
        """The CSV through portal.csv_export: no cell can run as a formula in a spreadsheet."""
        header = self.export_headings_for(queryset)
        rows = (
            [_csv_value(value) for value in self.to_row_dict(item).values()] for item in queryset
        )
        return csv_response(f"{self.get_filename()}.csv", header, rows)


class SignupViewSet(ModelViewSet):
    """Participants of events: filter by event and status, export to CSV or Excel. Open to the
    reviewers' group (``events.view_signup``, migration 0003) and superusers."""

    model = Signup
    index_view_class = SignupIndexView
    icon = "group"
    menu_label = _("Participants")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "events/participants"
    list_display = ["name", "email", "employer", "municipality", "status", "event", "created_at"]
    list_filter = ["event", "status"]
    list_export = [
        "event",
        "name",
        "email",
        "employer",
        "municipality",
        "needs",
        "get_status_display",
        "created_at",
        "promoted_at",
        "cancelled_at",
    ]
    export_headings = {"get_status_display": _("status")}
    export_filename = "deltagare"
    search_fields = ["name", "email", "employer"]
    search_backend_name = None
    form_fields = ["event", "name", "email", "employer", "municipality", "needs", "status"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "event",
        "name",
        "email",
        "employer",
        "municipality",
        "needs",
        "answers",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
    ]


signup_viewset = SignupViewSet("event_signups")


@hooks.register("register_admin_viewset")
def register_signup_viewset():
    return signup_viewset


@hooks.register("register_admin_urls")
def register_staff_tools():
    return [
        path(
            "events/<int:page_id>/email/",
            admin_views.email_participants,
            name="events_email_participants",
        ),
        path(
            "events/<int:page_id>/weekly-series/",
            admin_views.weekly_series,
            name="events_weekly_series",
        ),
        path(
            "events/<int:page_id>/attendance/",
            admin_views.attendance,
            name="events_attendance",
        ),
    ]


def _event_buttons(page, user):
    if not isinstance(page.specific_deferred, EventPage):
        return
    if user.has_perm("events.view_signup"):
        participants = reverse(signup_viewset.get_url_name("index")) + f"?event={page.pk}"
        yield Button(_("Participants"), participants, icon_name="group", priority=80)
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("E-mail participants"),
        reverse("events_email_participants", args=[page.pk]),
        icon_name="mail",
        priority=81,
    )
    yield Button(
        _("Attendance"),
        reverse("events_attendance", args=[page.pk]),
        icon_name="tick",
        priority=81,
    )
    yield Button(
        _("Generate a weekly series"),
        reverse("events_weekly_series", args=[page.pk]),
        icon_name="date",
        priority=82,
    )


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name, next_url=None):
    yield from _event_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    yield from _event_buttons(page, user)
