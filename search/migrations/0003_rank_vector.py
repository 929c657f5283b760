"""Faster PostgreSQL search at scale.

- ``rank_vector``: title (A) and summary (B) only, kept in the row (storage MAIN), so ranking
  never unpacks the full vector of every match;
- ``facet_keys``: the facet values in the row, so filters and facet counts need no join;
- a TOAST target of 128 bytes, so that body text and the full vector live out of the row and
  a scan over the matches reads a narrow table;
- ``IndexState``: which synonym phrases every entry carries as a single term.

Existing entries are filled here; ``manage.py search_reindex`` rewrites them in the new layout.
"""

import django.contrib.postgres.search
from django.db import migrations, models

SEPARATOR = "\x1f"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in (
        "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
        "ALTER TABLE search_searchentry ALTER COLUMN rank_vector SET STORAGE MAIN",
        "ALTER TABLE search_searchentry ALTER COLUMN facet_keys SET STORAGE MAIN",
        "UPDATE search_searchentry SET rank_vector = "
        "setweight(to_tsvector('swedish', title), 'A') || "
        "setweight(to_tsvector('swedish', summary || ' ' || container_title), 'B')",
    ):
        schema_editor.execute(statement)
    schema_editor.execute(
        "UPDATE search_searchentry e SET facet_keys = f.keys FROM ("
        "SELECT entry_id, string_agg(facet || '=' || value, %s ORDER BY facet, value) AS keys "
        "FROM search_searchfacetvalue GROUP BY entry_id) f WHERE f.entry_id = e.id",
        [SEPARATOR],
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_entry_rank_vector_gin "
        "ON search_searchentry USING gin (rank_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_rank_vector_gin")
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_and_synonyms")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="facet_keys",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.CreateModel(
            name="IndexState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("value", models.JSONField(default=dict)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "index state", "verbose_name_plural": "index states"},
        ),
        migrations.RunPython(forwards, backwards),
    ]
