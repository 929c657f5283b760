"""What happens when an event is published (SEQUENCE for calendar programs, waiting list) and
when a calendar is created (its reviewers may edit and publish its events)."""

import logging

from .models import EventPage, IcalState

logger = logging.getLogger(__name__)


def event_unpublished(sender, instance, **kwargs):
    from .queries import bump_content_version

    bump_content_version()


def event_published(sender, instance, **kwargs):
    from .queries import bump_content_version

    bump_content_version()
    page = EventPage.objects.prefetch_related("occurrences").filter(pk=instance.pk).first()
    if page is None:
        return
    fingerprint = page.schedule_fingerprint()
    state, created = IcalState.objects.get_or_create(
        page=page, defaults={"fingerprint": fingerprint}
    )
    if not created and state.fingerprint != fingerprint:
        state.sequence += 1
        state.fingerprint = fingerprint
        state.save(update_fields=["sequence", "fingerprint"])
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
