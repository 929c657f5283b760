"""Neighbouring word pairs as index terms (PostgreSQL).

``pair_vector`` holds every pair of neighbouring words of an entry as one term ("stem~stem"),
with its own GIN index. A quoted phrase is then looked up by its pairs before its words'
positions are checked, so only the rows that hold the phrase are re-read. Entries written
before this migration have no pairs: the analysis version (``ANALYSIS_VERSION`` 7) makes the
next ``search_reindex`` (or the check after an upgrade) rewrite them, and pairs are not used
for matching until it has.
"""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "search_entry_pair_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE search_searchentry ALTER COLUMN pair_vector SET STORAGE EXTERNAL"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry USING gin (pair_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sample_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="pair_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
