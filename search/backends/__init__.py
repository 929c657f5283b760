"""Choosing the public search backend from settings.

``get_backend()`` gives the configured backend for writes; ``get_search_backend()`` gives
the one to read from, falling back to the database backend (logged) when Elasticsearch
cannot be reached, so /sok/ keeps answering.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def get_backend(name=None):
    name = name or getattr(settings, "SEARCH_BACKEND", "database") or "database"
    return import_string(BACKENDS.get(name, name))()


def database_backend():
    return get_backend("database")


def search_with_fallback(query):
    """Search the configured backend; on any failure answer from the database backend."""
    backend_name = getattr(settings, "SEARCH_BACKEND", "database")
    if backend_name != "database":
        try:
            return get_backend().search(query)
        except Exception:
            logger.exception("search backend %s failed; answering from the database", backend_name)
    return database_backend().search(query)


def suggest_with_fallback(prefix, limit=8):
    backend_name = getattr(settings, "SEARCH_BACKEND", "database")
    if backend_name != "database":
        try:
            return get_backend().suggest(prefix, limit)
        except Exception:
            logger.exception("search backend %s failed; suggesting from the database", backend_name)
    return database_backend().suggest(prefix, limit)
