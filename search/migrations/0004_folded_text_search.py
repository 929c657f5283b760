"""Diacritic-insensitive search on PostgreSQL: the ``swedish_folded`` text search
configuration (unaccent, then Swedish stemming), so "overenskommelse" finds
"överenskommelse". SQLite folds in Python (``search.query.stem``).

Entries indexed before this were analysed differently; the database index is rebuilt after
``migrate`` (``search.apps``, once, when the analysis changed).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'swedish_folded') THEN
        CREATE TEXT SEARCH CONFIGURATION swedish_folded (COPY = swedish);
        ALTER TEXT SEARCH CONFIGURATION swedish_folded
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem;
    END IF;
END
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS swedish_folded")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_rank_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
