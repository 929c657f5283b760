"""Records about a person leave Wagtail's reference index (see events 0007)."""

from django.db import migrations

from portal.migration_helpers import forget_references

MODELS = ('membership', 'invitation')


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_reviewer_group"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_references("partners", MODELS), migrations.RunPython.noop)]
