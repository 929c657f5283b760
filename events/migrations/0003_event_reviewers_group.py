"""The calendar's staff group, "Granskare av evenemang", in every install.

It reviews the organisations' proposed events (the approval task of the "Granskning av
evenemang" workflow, which replaces Wagtail's default "Moderators" there), reaches the Wagtail
admin, sees and exports participant lists, and edits and publishes events in every existing
calendar (events/signals.py does the same for a calendar created later). Titles and places of
existing events are put on one line, as the forms now do at input.
"""

from django.db import migrations

GROUP_NAME = "Granskare av evenemang"
OLD_GROUP_NAME = "Moderators"
WORKFLOW_NAME = "Granskning av evenemang"
TASK_NAME = "Godkänn föreslaget evenemang"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
SINGLE_LINE_FIELDS = ("title", "draft_title", "venue", "address", "organiser_name", "cost")


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_reviewers(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CalendarIndexPage = apps.get_model("events", "CalendarIndexPage")

    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        _permission(apps, "events", "signup", "view_signup", "Can view sign-up"),
    )

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=content_type)
    task.groups.add(group)
    task.groups.remove(*Group.objects.filter(name=OLD_GROUP_NAME))
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)

    permissions = [
        _permission(apps, "wagtailcore", "page", codename, codename.replace("_", " "))
        for codename in PAGE_PERMISSIONS
    ]
    for calendar in CalendarIndexPage.objects.all():
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=calendar.pk, permission=permission
            )


def single_line_event_texts(apps, schema_editor):
    import re

    EventPage = apps.get_model("events", "EventPage")
    breaks = re.compile(r"\s*[\r\n\u2028\u2029\u0085\v\f]+\s*")
    for page in EventPage.objects.all().iterator():
        changed = []
        for name in SINGLE_LINE_FIELDS:
            value = getattr(page, name) or ""
            fixed = breaks.sub(" ", value).strip()
            if fixed != value:
                setattr(page, name, fixed)
                changed.append(name)
        if changed:
            page.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_signup_user_private_online_link"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_reviewers, migrations.RunPython.noop),
        migrations.RunPython(single_line_event_texts, migrations.RunPython.noop),
    ]
