"""The calendar in the Wagtail admin: participants (with CSV export), buttons on event pages,
staff tools, and no personal data where it does not belong."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from . import admin_views
from .models import EventPage, Signup


class SignupViewSet(ModelViewSet):
    """Participants of events: filter by event and status, export to CSV or Excel."""

    model = Signup
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
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
    ]
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
    ]


def _event_buttons(page, user):
    if (
        not isinstance(page.specific_deferred, EventPage)
        or not page.permissions_for_user(user).can_edit()
    ):
        return
    participants = reverse(signup_viewset.get_url_name("index")) + f"?event={page.pk}"
    yield Button(_("Participants"), participants, icon_name="group", priority=80)
    yield Button(
        _("E-mail participants"),
        reverse("events_email_participants", args=[page.pk]),
        icon_name="mail",
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
