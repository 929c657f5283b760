from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Civil-society directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.registry import register_home_section

        from . import personal_data
        from .home import directory_for_home

        register_home_section("partners/includes/home_directory.html", directory_for_home, order=30)
        personal_data.register()
        from .overview import register as register_overview

        register_overview()
