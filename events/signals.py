"""What happens when an event is published (SEQUENCE for calendar programs, waiting list) and
when a calendar is created (its reviewers may edit and publish its events)."""

import logging

from django.db import transaction
from django.utils import timezone

from .models import EventPage, IcalState

logger = logging.getLogger(__name__)


def event_unpublished(sender, instance, **kwargs):
    from .queries import bump_content_version

    bump_content_version()
    # the feeds' Last-Modified moves on: the event has left them
    IcalState.objects.filter(page_id=instance.pk).update(changed_at=timezone.now())


def record_change(page, now=None):
    """On publish: a new SEQUENCE when something a calendar program or a participant relies on
    changed, the time of the change (DTSTAMP), and what changed, once. Returns the change for
    the participants, or None when they need not hear of this publish."""
    from .emails import describe_changes, unknown_change

    now = now or timezone.now()
    fingerprint = page.schedule_fingerprint()
    snapshot = page.schedule_snapshot()
    with transaction.atomic():
        state, created = IcalState.objects.select_for_update().get_or_create(
            page=page,
            defaults={"fingerprint": fingerprint, "snapshot": snapshot, "changed_at": now},
        )
        if created:
            return None
        if state.snapshot:
            change = describe_changes(state.snapshot, snapshot)
            changed = state.snapshot != snapshot
        else:  # recorded before snapshots were kept
            changed = state.fingerprint != fingerprint
            change = unknown_change() if changed else None
        if changed:
            state.sequence += 1
        state.fingerprint = fingerprint
        state.snapshot = snapshot
        state.changed_at = now
        state.save(update_fields=["sequence", "fingerprint", "snapshot", "changed_at"])
    return change if changed and change["notify"] else None


def event_published(sender, instance, **kwargs):
    from . import queries

    page = EventPage.objects.prefetch_related("occurrences").filter(pk=instance.pk).first()
    if page is None:
        queries.bump_content_version()
        return
    change = record_change(page)
    queries.published(page)  # after record_change, which makes the event's IcalState
    if change is not None and page.signups.active().exists():
        from .emails import send_change_emails

        try:
            send_change_emails.enqueue(page.pk, change)
        except Exception:  # never break an editor's publish
            logger.exception("Could not queue the change e-mails of event %s", page.pk)
    if page.signup_enabled and not page.is_cancelled:
        from .services import promote_after_capacity_change

        try:
            promote_after_capacity_change(page.pk)
        except Exception:  # never break an editor's publish
            logger.exception("Could not promote the waiting list of event %s", page.pk)


def calendar_created(sender, instance, created, raw=False, **kwargs):
    """A new calendar gets the page permissions migration 0003 gave every existing one."""
    if created and not raw:
        from .permissions import grant_calendar_permissions

        grant_calendar_permissions(instance)
