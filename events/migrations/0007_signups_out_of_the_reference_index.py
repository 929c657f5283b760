"""Sign-ups and what belongs to them leave Wagtail's reference index (they are personal data, not
content: the index listed each sign-up, by name, as a use of its event)."""

from django.db import migrations

MODELS = ("signup", "signupanswer", "attendance", "occurrencereminder")


def forget_signups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    types = ContentType.objects.filter(app_label="events", model__in=MODELS)
    ReferenceIndex.objects.filter(content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_ical_state_facts"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_signups, migrations.RunPython.noop)]
