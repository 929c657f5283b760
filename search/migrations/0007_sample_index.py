"""A sample of the entries with its own full-text index (PostgreSQL).

One entry in 64 (the ids whose remainder by 1,024 is under 16: runs of 16 neighbouring rows,
so the sample lies on few table pages) is indexed a second time in a small partial GIN index.
A search reads it first to estimate how many entries match; a very large result set is then
counted and faceted on the sample instead of visiting every match
(``search.backends.database.postgresql``).
"""

from django.db import migrations

INDEX = "search_entry_vector_sample_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry "
        "USING gin (search_vector) WHERE id %% 1024 < 16"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_english_synonyms")]

    operations = [migrations.RunPython(forwards, backwards)]
