from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import overview_admin  # noqa: F401  (registers the staff dashboard's hooks)
from .admin_geography import CountyChooserViewSet, MunicipalityChooserViewSet
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
    search_fields = ["name", "slug", "code"]
    ordering = ["code"]
    search_backend_name = None
    chooser_viewset_class = MunicipalityChooserViewSet
    chooser_per_page = 20


register_snippet(TargetGroupViewSet)
register_snippet(MunicipalityViewSet)


@hooks.register("register_admin_viewset")
def register_county_chooser():
    return CountyChooserViewSet("county_chooser", url_prefix="county-chooser")
