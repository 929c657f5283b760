"""Which public URLs show events (portal.page_cache), and the calendar's own cached counts and
feeds (events.queries' content version), made fresh on the same changes.

An event shows on its own pages (the page, its ICS file) and on its calendar's views (the list,
the archive, the month views, the feed), never on other events' pages; the core's page rule adds
the pages above the calendar (the home page's upcoming events) and the sitemap. A change that
leaves the event's facts as they were (where it is counted, filtered and placed:
``events.queries.facts_of``), such as a new title, purges the list and archive pages that show
the event (row tags), the month views of its sessions and the feeds; one that changes them
purges every view of the calendar, once the transaction has committed and the facts can be
compared (``_widen_if_facts_changed``). A sign-up changes the places left on its event's page
(``signup_urls``)."""

import logging

from django.db import transaction
from django.db.models.signals import pre_delete

from wagtail.signals import post_page_move

from portal.page_cache import (
    fields_changed,
    page_path,
    purge,
    register_purge,
    remember_before,
    tag,
    value_before,
)

from .models import EventOccurrence, EventPage, IcalState, Signup

logger = logging.getLogger(__name__)


def event_tag(pk):
    """The tag of the calendar list and archive pages that show event ``pk``."""
    return tag("event", pk)


def calendar_views(path):
    """Every view of the calendar at ``path``."""
    return {path, path + "arkiv/", path + "manad/", path + "manad/*", path + "kalender.ics"}


def calendar_urls(page):
    """The calendar's views that show ``page`` while its facts stay as they were; every view if
    they change (checked after the commit)."""
    parent = page.get_parent()
    path = page_path(parent) if parent else None
    if not path:
        return set()
    _widen_if_facts_changed(page.pk, path)
    months = {
        (day.year, day.month)
        for occurrence in EventOccurrence.objects.filter(page_id=page.pk)
        for day in occurrence.local_dates()
    }
    return {
        event_tag(page.pk),
        path + "kalender.ics",
        *(f"{path}manad/{year}/{month}/" for year, month in sorted(months)),
    }


def _widen_if_facts_changed(page_id, path):
    """Once the transaction has committed, compare the event's facts with those last recorded
    (before this change: publishing records the new ones only later in the transaction); if they
    differ or are not known, purge every view of the calendar. Called for every save, publish,
    unpublish, move, delete and restriction change of the event: a saved page's sessions are
    written after the page, so only the committed state tells."""
    before = IcalState.objects.filter(page_id=page_id).values_list("facts", flat=True).first()

    def widen():
        from .queries import facts_of

        try:
            after = facts_of(page_id)
        except Exception:
            logger.exception("page cache: the facts of event %s could not be read", page_id)
            after = None
        if before is None or after != before:
            purge(calendar_views(path))
            if after is not None:  # what the next change is compared with
                IcalState.objects.filter(page_id=page_id).update(facts=after)

    transaction.on_commit(widen, robust=True)


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


register_purge(EventPage, calendar_urls, lists_itself=True)
register_purge(Signup, signup_urls)
remember_before(Signup, ("status",), dispatch_uid="events_purge_before_signup")
pre_delete.connect(_bump_after_commit, sender=EventPage, dispatch_uid="events_cache_deleted")
post_page_move.connect(_bump_after_commit, sender=EventPage, dispatch_uid="events_cache_moved")
