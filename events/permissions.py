"""The calendar's staff: the "Granskare av evenemang" group (created by migration 0003).

Members review proposed events (the workflow's approval task), reach the admin, see and export
participant lists (``events.view_signup``) and edit and publish events in the calendar.
"""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

REVIEWERS_GROUP = "Granskare av evenemang"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def reviewers_group():
    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    return group


def grant_calendar_permissions(calendar_page):
    group = reviewers_group()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=calendar_page, permission=permission
        )
