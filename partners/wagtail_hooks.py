"""Staff's side of the directory in the Wagtail admin: the verification queue, decisions on
organisations and moderation of activities, each kept in Wagtail's audit log."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

import django_filters

from portal import admin_tabs as tab
from portal.admin_geography import geography_panel
from portal.csv_export import csv_response
from portal.models import County, Municipality

from . import emails
from .forms import DecisionForm, RepublishForm, UnpublishForm
from .models import Activity, ActivityKind, Organisation

DECISIONS = {
    "verify": (Organisation.Status.VERIFIED, "partners.organisation.verify"),
    "reject": (Organisation.Status.REJECTED, "partners.organisation.reject"),
    "suspend": (Organisation.Status.SUSPENDED, "partners.organisation.suspend"),
}


class OrganisationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Organisation.Status.choices, empty_label=_("All")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        field_name="municipalities__county",
        distinct=True,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        field_name="municipalities",
        distinct=True,
    )
    review_requested = django_filters.BooleanFilter(
        label=_("New review requested"),
        field_name="review_requested_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Organisation
        fields = ["status", "county", "municipality", "review_requested"]


class ActivityFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ActivityKind.choices, empty_label=_("All")
    )
    review_requested = django_filters.BooleanFilter(
        label=_("New review requested"),
        field_name="review_requested_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Activity
        fields = ["status", "kind", "review_requested"]


class SafeCsvIndexView(IndexView):
    """The listing's CSV download through ``portal.csv_export``: no cell can run as a formula
    in a spreadsheet program (XLSX cells are already written as text by Wagtail)."""

    def write_csv_response(self, queryset):
        header = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        return csv_response(f"{self.get_filename()}.csv", header, rows)


class StaffFormView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    header_icon = "group"
    raise_exception = True


class OrganisationReviewView(StaffFormView):
    """Verify, reject (with a reason) or suspend an organisation; e-mails its owners."""

    permission_required = "partners.change_organisation"
    form_class = DecisionForm
    template_name = "partners/admin/review.html"
    page_title = _("Review organisation")

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.organisation.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailsnippets_partners_organisation:list"),
                "label": _("Organisations"),
            },
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["owners"] = self.organisation.owners().select_related("user")
        context["index_url"] = reverse("wagtailsnippets_partners_organisation:list")
        return context

    def form_valid(self, form):
        organisation = self.organisation
        status, action = DECISIONS[form.cleaned_data["decision"]]
        reason = form.cleaned_data.get("reason", "").strip()
        organisation.status = status
        organisation.status_reason = "" if status == Organisation.Status.VERIFIED else reason
        organisation.status_changed_at = timezone.now()
        organisation.review_requested_at = None
        organisation.save(
            update_fields=[
                "status",
                "status_reason",
                "status_changed_at",
                "review_requested_at",
                "updated_at",
            ]
        )
        log(organisation, action, user=self.request.user, data={"reason": reason})
        emails.send_status_email(organisation)
        messages.success(
            self.request,
            _("%(name)s is now %(status)s; the owners have been e-mailed.")
            % {"name": organisation.name, "status": organisation.get_status_display()},
        )
        return redirect(reverse("wagtailsnippets_partners_organisation:list") + "?status=pending")


class ActivityUnpublishView(StaffFormView):
    """Take a published activity off the public site with a reason the members can read."""

    permission_required = "partners.change_activity"
    form_class = UnpublishForm
    template_name = "partners/admin/unpublish.html"
    page_title = _("Unpublish activity")

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(
            Activity.objects.select_related("organisation"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.activity.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_partners_activity:list"), "label": _("Activities")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        context["index_url"] = reverse("wagtailsnippets_partners_activity:list")
        return context

    def form_valid(self, form):
        activity = self.activity
        reason = form.cleaned_data["reason"].strip()
        activity.status = Activity.Status.DRAFT
        activity.moderation_reason = reason
        activity.review_requested_at = None
        activity.save(
            update_fields=["status", "moderation_reason", "review_requested_at", "updated_at"]
        )
        log(
            activity, "partners.activity.unpublish", user=self.request.user, data={"reason": reason}
        )
        emails.send_activity_unpublished_email(activity)
        messages.success(
            self.request, _("“%(title)s” was unpublished.") % {"title": activity.title}
        )
        return redirect(reverse("wagtailsnippets_partners_activity:list"))


class ActivityRepublishView(ActivityUnpublishView):
    """Staff publish again an activity they unpublished: the only way back for it."""

    form_class = RepublishForm
    template_name = "partners/admin/republish.html"
    page_title = _("Publish activity again")

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(
            Activity.objects.select_related("organisation").exclude(moderation_reason=""),
            pk=kwargs["pk"],
        )
        return super(ActivityUnpublishView, self).dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        activity = self.activity
        previous_reason = activity.moderation_reason
        activity.status = Activity.Status.PUBLISHED
        activity.moderation_reason = ""
        activity.review_requested_at = None
        activity.save(
            update_fields=["status", "moderation_reason", "review_requested_at", "updated_at"]
        )
        log(
            activity,
            "partners.activity.republish",
            user=self.request.user,
            data={"previous_reason": previous_reason},
        )
        emails.send_activity_republished_email(activity)
        messages.success(
            self.request, _("“%(title)s” is published again.") % {"title": activity.title}
        )
        return redirect(reverse("wagtailsnippets_partners_activity:list"))


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    index_view_class = SafeCsvIndexView
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "org_number", "status", "review_requested_at", "created_at"]
    list_export = ["name", "org_number", "status", "email", "created_at"]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "org_number"]
    search_backend_name = None
    ordering = ["status", "name"]
    edit_handler = tab.tabs(
        (
            tab.CONTENT,
            [
                FieldPanel("name"),
                FieldPanel("org_number"),
                FieldPanel("legal_form"),
                FieldPanel("description"),
                FieldPanel("logo"),
            ],
        ),
        (
            tab.CONTACT,
            [
                FieldPanel("website"),
                MultiFieldPanel(
                    [FieldPanel("email"), FieldPanel("email_public")], heading=_("E-mail")
                ),
                MultiFieldPanel(
                    [FieldPanel("phone"), FieldPanel("phone_public")], heading=_("Phone")
                ),
                MultiFieldPanel(
                    [
                        FieldPanel("street_address"),
                        FieldPanel("postal_code"),
                        FieldPanel("city"),
                    ],
                    heading=_("Address"),
                ),
            ],
        ),
        (
            tab.AREA_AND_TARGET_GROUPS,
            [
                geography_panel("municipalities"),
                FieldPanel("areas"),
                FieldPanel("target_groups"),
            ],
        ),
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", OrganisationReviewView.as_view(), name="review"),
        ]


class ActivityViewSet(SnippetViewSet):
    model = Activity
    icon = "date"
    menu_label = _("Activities")
    list_display = ["title", "organisation", "kind", "status", "review_requested_at", "updated_at"]
    filterset_class = ActivityFilterSet
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = tab.tabs(
        (tab.CONTENT, [FieldPanel("title"), FieldPanel("kind"), FieldPanel("description")]),
        (
            tab.TIME_AND_PLACE,
            [FieldPanel("schedule_note"), FieldPanel("address"), FieldPanel("municipality")],
        ),
        (tab.CONTACT, [FieldPanel("cost"), FieldPanel("contact")]),
    )

    def get_queryset(self, request):
        return Activity.objects.select_related("organisation")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("unpublish/<int:pk>/", ActivityUnpublishView.as_view(), name="unpublish"),
            path("republish/<int:pk>/", ActivityRepublishView.as_view(), name="republish"),
        ]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ActivityViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_snippet_listing_buttons")
def review_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Organisation) and user.has_perm("partners.change_organisation"):
        yield ListingButton(
            _("Review"),
            url=reverse("wagtailsnippets_partners_organisation:review", args=[snippet.pk]),
            icon_name="tick",
            priority=5,
        )
    if (
        isinstance(snippet, Activity)
        and snippet.status == Activity.Status.PUBLISHED
        and user.has_perm("partners.change_activity")
    ):
        yield ListingButton(
            _("Unpublish"),
            url=reverse("wagtailsnippets_partners_activity:unpublish", args=[snippet.pk]),
            icon_name="cross",
            priority=5,
        )
    if (
        isinstance(snippet, Activity)
        and snippet.unpublished_by_staff
        and user.has_perm("partners.change_activity")
    ):
        yield ListingButton(
            _("Publish again"),
            url=reverse("wagtailsnippets_partners_activity:republish", args=[snippet.pk]),
            icon_name="upload",
            priority=6,
        )


class PendingQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("partners.change_organisation")


@hooks.register("register_admin_menu_item")
def pending_queue_menu_item():
    return PendingQueueMenuItem(
        _("Organisations to review"),
        reverse("wagtailsnippets_partners_organisation:list") + "?status=pending",
        icon_name="tick",
        order=250,
        name="organisations-to-review",
    )


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    actions.register_action(
        "partners.organisation.verify", _("Verify organisation"), _("Organisation verified")
    )
    actions.register_action(
        "partners.organisation.reject", _("Reject organisation"), _("Organisation rejected")
    )
    actions.register_action(
        "partners.organisation.suspend", _("Suspend organisation"), _("Organisation suspended")
    )
    actions.register_action(
        "partners.activity.unpublish", _("Unpublish activity"), _("Activity unpublished by staff")
    )
    actions.register_action(
        "partners.activity.republish",
        _("Publish activity again"),
        _("Activity published again by staff"),
    )
    actions.register_action(
        "partners.activity.review_requested",
        _("Ask for a new review of an activity"),
        _("The organisation asked for a new review of the activity"),
    )
    actions.register_action(
        "partners.organisation.review_requested",
        _("Ask for a new review of an organisation"),
        _("The organisation asked for a new review"),
    )
    actions.register_action(
        "partners.organisation.resubmit",
        _("Send organisation back to review"),
        _("Organisation sent back to review after a change of name, number or legal form"),
    )
