"""The calendar in the Wagtail admin: participants (with CSV export), buttons on event pages,
staff tools, and no personal data where it does not belong."""

import datetime

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from portal.csv_export import csv_response

from . import admin_views
from .models import EventPage, Signup


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


class SignupIndexView(IndexView):
    def write_csv_response(self, queryset):
        """The CSV through portal.csv_export: no cell can run as a formula in a spreadsheet."""
        header = [self.get_heading(queryset, field) for field in self.list_export]
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

    def get_queryset(self, request):
        return Signup.objects.select_related("event", "municipality")


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
