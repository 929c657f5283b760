"""The staff dashboard: home panels (what waits for me, gaps in my counties), the full
"Needs attention" report with CSV/XLSX export, and the admin screens binding staff to counties
and editing the county boards' contact details. Hooks are registered by importing this module
from ``portal.wagtail_hooks``."""

import datetime
from dataclasses import dataclass

from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from .admin_geography import geography_panel
from .csv_export import csv_response
from .gaps import gaps_for_counties, grouped, rule_choices
from .models import County
from .overview import staff_counties, staff_county_ids, waiting_for
from .overview_models import CountyBoardContact, StaffProfile

PANEL_ITEMS = 5


@dataclass(frozen=True)
class AttentionRow:
    """One line of the report: something waiting, or a gap."""

    section: str
    category: str
    title: str
    url: str
    county: str
    municipality: str
    detail: str
    date: str
    mine: bool


def _date_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "Y-m-d")


def waiting_rows(user, counties_by_id):
    my_ids = set(staff_county_ids(user))
    rows = []
    for queue, items in waiting_for(user):
        for item in items:
            names = sorted(counties_by_id[i].name for i in item.county_ids if i in counties_by_id)
            rows.append(
                AttentionRow(
                    section=str(_("Waiting")),
                    category=str(queue.label),
                    title=item.title,
                    url=item.url,
                    county=", ".join(names),
                    municipality="",
                    detail=item.detail,
                    date=_date_text(item.since),
                    mine=bool(item.county_ids & my_ids),
                )
            )
    return rows


def gap_rows(counties, rule_keys=None):
    return [
        AttentionRow(
            section=str(_("Gap")),
            category=str(gap.rule.label),
            title=gap.subject,
            url=gap.admin_url or gap.url,
            county=gap.county.name,
            municipality=gap.municipality.name if gap.municipality else "",
            detail=gap.detail,
            date=_date_text(gap.date),
            mine=True,
        )
        for gap in gaps_for_counties(counties, rule_keys=rule_keys)
    ]


class AttentionFilterSet(WagtailFilterSet):
    lan = django_filters.ModelMultipleChoiceFilter(
        queryset=County.objects.order_by("code"),
        method="in_counties",
        label=_("County"),
        help_text=_("Gaps in these counties; your own counties when none is chosen."),
    )
    avser = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("vantar", _("Only what waits")), ("luckor", _("Only gaps"))]
        + [(key, label) for key, label in rule_choices()],
        method="keep_all",
        empty_label=_("Everything"),
    )

    class Meta:
        model = County
        fields = []

    def in_counties(self, queryset, name, value):
        return queryset.filter(pk__in=[county.pk for county in value]) if value else queryset

    def keep_all(self, queryset, name, value):
        return queryset


class AttentionReportView(ReportView):
    """What waits for the signed-in staff member and the gaps in their counties."""

    page_title = _("Needs attention")
    header_icon = "warning"
    index_url_name = "overview_attention_report"
    index_results_url_name = "overview_attention_report_results"
    filterset_class = AttentionFilterSet
    export_filename = "behover-uppmarksamhet"
    paginate_by = 100
    list_export = [
        "section",
        "category",
        "title",
        "county",
        "municipality",
        "detail",
        "date",
        "url",
    ]
    export_headings = {
        "section": _("Section"),
        "category": _("Category"),
        "title": _("Title"),
        "county": _("County"),
        "municipality": _("Municipality"),
        "detail": _("Detail"),
        "date": _("Date"),
        "url": _("Link"),
    }
    columns = [
        Column("section", label=_("Section")),
        Column("category", label=_("Category")),
        TitleColumn("title", label=_("Title"), get_url=lambda row: row.url),
        Column("county", label=_("County")),
        Column("municipality", label=_("Municipality")),
        Column("detail", label=_("Detail")),
        Column("date", label=_("Date")),
    ]

    def get_queryset(self):
        return County.objects.order_by("code")

    def chosen(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("avser") or ""
        return ""

    def get_filtered_queryset(self):
        counties = list(self.filter_queryset(self.get_queryset()))
        chosen_counties = bool(
            self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("lan")
        )
        if not chosen_counties:
            counties = list(staff_counties(self.request.user))
        what = self.chosen()
        rows = []
        if what in ("", "vantar"):
            by_id = {county.id: county for county in County.objects.all()}
            rows += waiting_rows(self.request.user, by_id)
        if what != "vantar":
            rule_keys = [what] if what not in ("", "luckor") else None
            rows += gap_rows(counties, rule_keys)
        return rows

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


class AttentionPanel(Component):
    """Home panel: what waits for this user, their counties' items first."""

    name = "overview_waiting"
    template_name = "portal/overview/admin/waiting_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        waiting = waiting_for(self.request.user)
        return {
            "waiting": [(queue, items[:PANEL_ITEMS], len(items)) for queue, items in waiting],
            "report_url": reverse("overview_attention_report"),
        }


class GapsPanel(Component):
    """Home panel: the gaps in the counties the user works with, counted by rule."""

    name = "overview_gaps"
    template_name = "portal/overview/admin/gaps_panel.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        counties = list(staff_counties(self.request.user))
        bound = bool(staff_county_ids(self.request.user))
        gaps = gaps_for_counties(counties)
        return {
            "groups": [(rule, len(rows)) for rule, rows in grouped(gaps)],
            "counties": counties if bound else [],
            "report_url": reverse("overview_attention_report") + "?avser=luckor",
            "profile_url": reverse("overview_staff_profile:index"),
        }


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff and counties")
    name = "overview_staff_profile"
    # the counties in the admin's one searchable list (portal.admin_geography)
    panels = [FieldPanel("user"), geography_panel("counties"), FieldPanel("weekly_digest")]
    list_display = ["user", "weekly_digest"]
    list_filter = ["counties", "weekly_digest"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None

    def get_queryset(self, request):
        return StaffProfile.objects.select_related("user")

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        from django.contrib.auth import get_user_model

        field = form_class.base_fields.get("user")
        if field is not None:
            field.queryset = get_user_model().objects.filter(is_staff=True).order_by("email")
        return form_class


class CountyBoardContactViewSet(ModelViewSet):
    model = CountyBoardContact
    icon = "mail"
    menu_label = _("County board contacts")
    name = "overview_county_contact"
    form_fields = ["county", "name", "unit", "email", "phone", "website"]
    list_display = ["county", "name", "email"]
    search_backend_name = None

    def get_queryset(self, request):
        return CountyBoardContact.objects.select_related("county")


class OverviewViewSetGroup(ModelViewSetGroup):
    items = (StaffProfileViewSet, CountyBoardContactViewSet)
    menu_icon = "site"
    menu_label = _("Overview")
    menu_order = 260


class OwnCountiesForm(forms.ModelForm):
    """A staff member's own counties and digest choice, on their account page."""

    class Meta:
        model = StaffProfile
        fields = ["counties", "weekly_digest"]
        widgets = {"counties": forms.CheckboxSelectMultiple}


class OwnCountiesPanel(BaseSettingsPanel):
    name = "overview_counties"
    title = _("My counties and weekly digest")
    order = 400
    form_class = OwnCountiesForm

    def get_form(self):
        instance = StaffProfile.objects.filter(user=self.user).first() or StaffProfile(
            user=self.user
        )
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def register_own_counties_panel(request, user, profile):
    return OwnCountiesPanel(request, user, profile)


@hooks.register("register_admin_viewset")
def register_overview_viewsets():
    return OverviewViewSetGroup()


@hooks.register("register_admin_urls")
def register_attention_report_urls():
    return [
        path(
            "behover-uppmarksamhet/",
            AttentionReportView.as_view(),
            name="overview_attention_report",
        ),
        path(
            "behover-uppmarksamhet/results/",
            AttentionReportView.as_view(results_only=True),
            name="overview_attention_report_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def attention_report_menu_item():
    return MenuItem(
        _("Needs attention"),
        reverse("overview_attention_report"),
        icon_name="warning",
        order=240,
        name="needs-attention",
    )


@hooks.register("construct_homepage_panels")
def add_overview_panels(request, panels):
    panels.append(AttentionPanel(request))
    panels.append(GapsPanel(request))
