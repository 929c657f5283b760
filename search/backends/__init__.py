"""Choosing the public search backend from settings.

``get_backend()`` gives the configured backend for writes; ``search_with_fallback()`` reads
from it, falling back to the database backend (logged) when Elasticsearch cannot be
reached, so /sok/ keeps answering. The database backend's class is chosen here, once, from
the connection's vendor: nothing below it asks which database it runs on.
"""

import logging

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}
DATABASE_BACKENDS = {
    "postgresql": "search.backends.database.postgresql.PostgreSQLSearchBackend",
    "sqlite": "search.backends.database.sqlite.SQLiteSearchBackend",
}


def database_backend_class(vendor=None):
    """The database backend's class for ``vendor`` (default: the database in use)."""
    vendor = vendor or connection.vendor
    if vendor not in DATABASE_BACKENDS:
        raise NotImplementedError(f"no search backend for the {vendor} database")
    return import_string(DATABASE_BACKENDS[vendor])


def configured_name():
    """The backend searches are asked of (``SEARCH_BACKEND``): ``database`` unless another is set."""
    return getattr(settings, "SEARCH_BACKEND", "database") or "database"


def get_backend(name=None):
    name = name or configured_name()
    return import_string(BACKENDS.get(name, name))()


def database_backend():
    return get_backend("database")


def search_with_fallback(query):
    """Search the configured backend; on any failure answer from the database backend."""
    backend_name = configured_name()
    if backend_name != "database":
        try:
            return get_backend().search(query)
        except Exception:
            logger.exception("search backend %s failed; answering from the database", backend_name)
    return database_backend().search(query)


def suggest_with_fallback(prefix, limit=8):
    backend_name = configured_name()
    if backend_name != "database":
        try:
            return get_backend().suggest(prefix, limit)
        except Exception:
            logger.exception("search backend %s failed; suggesting from the database", backend_name)
    return database_backend().suggest(prefix, limit)
