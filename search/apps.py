from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import documents, pages  # noqa: F401  (registers pages and Wagtail documents)
        from .indexing import connect_signals

        autodiscover_modules("documents")
        connect_signals()
