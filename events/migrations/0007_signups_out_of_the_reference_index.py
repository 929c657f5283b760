"""Sign-ups and what belongs to them leave Wagtail's reference index (they are personal data, not
content: the index listed each sign-up, by name, as a use of its event)."""

from django.db import migrations

from portal.migration_helpers import forget_references

MODELS = ("signup", "signupanswer", "attendance", "occurrencereminder")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_ical_state_facts"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_references("events", MODELS), migrations.RunPython.noop)]
