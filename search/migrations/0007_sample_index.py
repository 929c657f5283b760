"""A sample of the entries with its own full-text index, and the entries newest first
(PostgreSQL).

One entry in 64 (the ids whose remainder by 1,024 is under 16: runs of 16 neighbouring rows,
so the sample lies on few table pages) is indexed a second time in a small partial GIN index.
A search reads it first to estimate how many entries match; a very large result set is then
counted and faceted on the sample instead of visiting every match
(``search.backends.database.postgresql``). The index on (date DESC NULLS LAST, id) gives
the newest matches of such a set, sorted by date, without sorting all of them.
"""

from django.db import migrations

INDEX = "search_entry_vector_sample_gin"
NEWEST = "search_entry_newest"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry "
        "USING gin (search_vector) WHERE id %% 1024 < 16"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NEWEST} ON search_searchentry (date DESC NULLS LAST, id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEWEST}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_english_synonyms")]

    operations = [migrations.RunPython(forwards, backwards)]
