"""Records about a person leave Wagtail's reference index (see events 0007)."""

from django.db import migrations

from portal.migration_helpers import forget_references

MODELS = ('savedsearch', 'savedsearchitem', 'digestdelivery')


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_saved_search_item_version"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_references("portal", MODELS), migrations.RunPython.noop)]
