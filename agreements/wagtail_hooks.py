from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_panels import ExpiringAgreementsPanel
from .models import SettlementQuota
from .views import can_import_quotas, quota_import


class SettlementQuotaViewSet(SnippetViewSet):
    model = SettlementQuota
    icon = "table"
    menu_label = _("Settlement quotas")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["municipality", "year", "group", "number", BooleanColumn("is_demo")]
    list_filter = ["year", "group", "is_demo", "municipality__county"]
    search_fields = ["municipality__name", "municipality__code"]
    ordering = ["-year", "municipality__name", "group"]

    def get_queryset(self, request):
        # the list shows each row's municipality: one query, not one per row
        return SettlementQuota.objects.select_related("municipality")


register_snippet(SettlementQuotaViewSet)


@hooks.register("register_admin_urls")
def register_quota_import_url():
    return [path("kommuntal/import/", quota_import, name="agreements_quota_import")]


class QuotaImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_quotas(request.user)


@hooks.register("register_admin_menu_item")
def register_quota_import_menu_item():
    return QuotaImportMenuItem(
        _("Import settlement quotas"),
        reverse("agreements_quota_import"),
        icon_name="upload",
        order=301,
    )


@hooks.register("construct_homepage_panels")
def add_expiring_agreements_panel(request, panels):
    panels.append(ExpiringAgreementsPanel())
