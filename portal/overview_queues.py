"""Helpers the apps' staff queues share: pages of one type waiting in a Wagtail workflow task
the user may approve (agreements in moderation, proposed events)."""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import TaskState


def pages_awaiting_review(user, model, *, select_related=(), prefetch_related=()):
    """``[(page, waiting since)]`` for pages of ``model`` in a workflow task ``user`` may
    approve, oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__content_type=ContentType.objects.get_for_model(model),
        )
        .values_list("workflow_state__object_id", "started_at")
    )
    since = {}
    for object_id, started_at in states:
        if object_id.isdigit():
            since[int(object_id)] = min(started_at, since.get(int(object_id), started_at))
    if not since:
        return []
    pages = model.objects.filter(pk__in=since)
    if select_related:
        pages = pages.select_related(*select_related)
    if prefetch_related:
        pages = pages.prefetch_related(*prefetch_related)
    return sorted(((page, since[page.pk]) for page in pages), key=lambda pair: pair[1])
