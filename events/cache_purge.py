"""Which public URLs show events (portal.page_cache), and the calendar's own cached counts and
feeds (events.queries' content version), made fresh on the same changes.

An event shows on its own pages (the page, its ICS file) and on its calendar's views (the list,
the archive, the month views, the feed), never on other events' pages; the core's page rule adds the pages above it
(the home page's upcoming events) and the sitemap. A sign-up changes the places left on its
event's page (``signup_urls``)."""

from django.db import transaction
from django.db.models.signals import pre_delete

from wagtail.signals import post_page_move

from portal.page_cache import (
    fields_changed,
    page_path,
    register_purge,
    remember_before,
    value_before,
)

from .models import EventPage, Signup


def calendar_urls(page):
    """The calendar's own views, not its other events' pages."""
    parent = page.get_parent()
    path = page_path(parent) if parent else None
    if not path:
        return set()
    return {path, path + "arkiv/", path + "manad/", path + "manad/*", path + "kalender.ics"}


def signup_urls(signup):
    """The event's page shows the places left, not the waiting list: only a place taken or
    given back (a sign-up confirmed, or a confirmed one cancelled or deleted) changes it."""
    confirmed = Signup.Status.CONFIRMED
    if confirmed not in (signup.status, value_before(signup, "status")):
        return set()
    if not fields_changed(signup, ("status",)):
        return set()
    path = page_path(signup.event)
    return {path + "*"} if path else set()


def _bump_after_commit(sender, instance, **kwargs):
    """Deleting or moving an event changes the feeds and counts as unpublishing does."""
    from .queries import bump_content_version

    transaction.on_commit(bump_content_version, robust=True)


register_purge(EventPage, calendar_urls)
register_purge(Signup, signup_urls)
remember_before(Signup, ("status",), dispatch_uid="events_purge_before_signup")
pre_delete.connect(_bump_after_commit, sender=EventPage, dispatch_uid="events_cache_deleted")
post_page_move.connect(_bump_after_commit, sender=EventPage, dispatch_uid="events_cache_moved")
