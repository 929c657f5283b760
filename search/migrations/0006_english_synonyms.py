"""English words people type (refugee, regional agreement, settlement quota…) find the
Swedish the content uses: seeded into the staff-editable synonym list."""

from django.db import migrations

from search.migrations_data import ENGLISH_SYNONYMS


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, equivalents in ENGLISH_SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})


def remove(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(term__in=[term for term, _ in ENGLISH_SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_entry_expiry")]

    operations = [migrations.RunPython(add, remove)]
