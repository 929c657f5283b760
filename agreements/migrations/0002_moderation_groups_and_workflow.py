"""Groups "Redaktör" and "Granskare", their permissions, and the review workflow for
agreements (attached to any agreement index that already exists)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from agreements.moderation import setup_all

    setup_all(apps)


def backwards(apps, schema_editor):
    from agreements.moderation import teardown_all

    teardown_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
