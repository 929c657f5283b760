"""The tabs of the admin's edit forms, named once so that every form uses the same words.

Pages get their own tabs followed by one "Publishing" tab holding Wagtail's promote panels (slug,
search-engine title and description, menus) and settings panels (scheduled publishing,
comments), so both keep working; snippets get their tabs as they are.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page

CONTENT = _("Content")
PARTIES_AND_VALIDITY = _("Parties and validity")
ACTION_PLAN = _("Action plan")
DOCUMENTS = _("Documents")
AREA_AND_PERIOD = _("Area and period")
AREA_AND_TARGET_GROUPS = _("Area and target groups")
TIME_AND_PLACE = _("Time and place")
CONTACT = _("Contact")
PUBLISHING = _("Publishing")


def tabs(*tab_list, **kwargs):
    """A ``TabbedInterface`` from ``(heading, panels)`` pairs."""
    return TabbedInterface(
        [ObjectList(panels, heading=heading) for heading, panels in tab_list], **kwargs
    )


def page_tabs(*tab_list, promote_panels=None, settings_panels=None, **kwargs):
    """Tabs for a page type, ending with the Publishing tab."""
    publishing = list(promote_panels or Page.promote_panels) + list(
        settings_panels or Page.settings_panels
    )
    return tabs(*tab_list, (PUBLISHING, publishing), **kwargs)
