"""Database-specific full-text structures, and the synonym list a fresh site starts with.

PostgreSQL: a GIN index on the weighted tsvector, pg_trgm and a trigram index on the
vocabulary for "did you mean". SQLite: an FTS5 table holding a stemmed copy of each entry
(rowid = SearchEntry.id).
"""

from django.db import migrations

FTS5_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
)

SYNONYMS = [
    ("RÖK", "regional överenskommelse"),
    ("LÖK", "lokal överenskommelse"),
    ("SFI", "svenska för invandrare"),
    ("ABO", "anläggningsboende"),
    ("AF", "Arbetsförmedlingen"),
    ("FK", "Försäkringskassan"),
    ("MV", "Migrationsverket"),
]


def create_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_entry_vector_gin "
            "ON search_searchentry USING gin (search_vector)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_term_word_trgm "
            "ON search_searchterm USING gin (word gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(FTS5_CREATE)


def drop_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        schema_editor.execute("DROP INDEX IF EXISTS search_term_word_trgm")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, equivalents in SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})


def remove_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(term__in=[term for term, _ in SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(create_fulltext, drop_fulltext),
        migrations.RunPython(add_synonyms, remove_synonyms),
    ]
