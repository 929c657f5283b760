import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import documents, pages  # noqa: F401  (registers pages and Wagtail documents)
        from .indexing import connect_signals

        autodiscover_modules("documents")
        connect_signals()
        post_migrate.connect(reanalyse_after_migrate, sender=self)


def reanalyse_after_migrate(using="default", **kwargs):
    """Rebuild the database index when the way it analyses text has changed (e.g. diacritic
    folding): the stored vectors would no longer match the queries."""
    from .backends.database import DatabaseBackend

    try:
        DatabaseBackend().reanalyse_if_needed()
    except Exception:  # never let search stop a deploy; search_reindex does the same
        logger.exception("search: could not rebuild the index after migrate")
