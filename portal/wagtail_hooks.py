from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import overview_admin  # noqa: F401  (registers the staff dashboard's hooks)
from .models import Municipality, TargetGroup


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = _("Target groups")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class MunicipalityViewSet(SnippetViewSet):
    """Read-mostly list of municipalities so editors can look up codes."""

    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    list_display = ["name", "code", "county"]
    list_filter = ["county"]
    search_fields = ["name", "code"]
    ordering = ["code"]
    search_backend_name = None


register_snippet(TargetGroupViewSet)
register_snippet(MunicipalityViewSet)
