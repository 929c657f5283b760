"""Load all 21 counties and 290 municipalities (SCB codes) and the default target groups."""

from django.db import migrations


def load(apps, schema_editor):
    from portal.reference_data import load_reference_data

    load_reference_data(
        apps.get_model("portal", "County"),
        apps.get_model("portal", "Municipality"),
        apps.get_model("portal", "TargetGroup"),
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
