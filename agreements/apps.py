from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements and knowledge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.registry import register_home_section

        from . import signals  # noqa: F401
        from .home import latest_agreements_context

        register_home_section(
            "agreements/includes/home_latest.html", latest_agreements_context, order=10
        )
        from .overview import register as register_overview

        register_overview()
