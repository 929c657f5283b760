from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The open data API (/api/v1/), downloads, the DCAT-AP-SE catalogue, Atom feeds and
    saved searches ("Bevaka"). Its saved-search model lives in portal (portal.alerts)."""

    name = "portal.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from portal.personal_data import register_personal_data

        from .alerts import erase_saved_searches, export_saved_searches

        register_personal_data(
            "saved_searches", export_saved_searches, erase_saved_searches, order=60
        )
