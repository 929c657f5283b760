"""The database search backend: PostgreSQL full-text search, or SQLite FTS5 with Snowball.

``base.DatabaseBackend`` holds the common flow (entries in ``SearchEntry``, writing,
rebuilding, the search flow, did-you-mean, suggestions); ``postgresql`` and ``sqlite``
render the one query model in their own SQL. ``DatabaseBackend()`` gives the subclass for
the database in use, chosen in ``search.backends.database_backend_class``.
"""

from .base import (
    ANALYSIS,
    ANALYSIS_VERSION,
    CHUNK,
    FACET_SEPARATOR,
    DatabaseBackend,
    facet_keys,
    facet_values,
)

__all__ = [
    "ANALYSIS",
    "ANALYSIS_VERSION",
    "CHUNK",
    "FACET_SEPARATOR",
    "DatabaseBackend",
    "facet_keys",
    "facet_values",
]
