"""The reviewer group "Granskare av föreningar" in every install, with the permissions the
directory's admin views check (see partners.reviewers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_reviewer_group(apps, schema_editor):
    from partners.reviewers import ensure_reviewer_group

    # Permissions are normally made after all migrations; make them now so the group gets them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_reviewer_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("partners", "0004_review_requests"),
    ]

    operations = [migrations.RunPython(create_reviewer_group, migrations.RunPython.noop)]
