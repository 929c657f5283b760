"""The staff who verify organisations and moderate activities: one group, made by a migration in
every install (``0005_reviewer_group``), so that a production site has reviewers who are not
superusers. The demo puts its reviewer in the same group."""

from django.apps import apps as global_apps
from django.db.models import Q

REVIEWER_GROUP = "Granskare av föreningar"

# (app label, codename): Wagtail admin access, and what the directory's admin views check.
REVIEWER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("partners", "view_organisation"),
    ("partners", "change_organisation"),
    ("partners", "view_activity"),
    ("partners", "change_activity"),
]


def ensure_reviewer_group(apps=global_apps):
    """The reviewer group with its permissions; safe to run again (``apps`` may be a migration's
    historical registry)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    wanted = Q(pk__in=[])
    for app_label, codename in REVIEWER_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


def reviewer_emails():
    """Addresses of the active staff who may review the directory: members of the reviewer
    group, anyone given the permission directly, and superusers."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    permission = Permission.objects.filter(
        content_type__app_label="partners", codename="change_activity"
    ).first()
    who = Q(is_superuser=True)
    if permission is not None:
        who |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))
