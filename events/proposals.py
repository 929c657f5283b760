"""Events proposed by members of verified organisations: created unpublished under the calendar
and sent into the "Granskning av evenemang" workflow; the reviewers' group approves and publishes.

What a member types is text, never HTML: the description becomes escaped paragraphs. The group,
the task and the workflow are created by migration 0003; ``ensure_review_workflow`` only repairs
them (e.g. after a test database flush)."""

from django.db import transaction
from django.utils.text import slugify

from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask
from wagtail.rich_text import RichText

from portal.text import paragraphs_html

from .models import CalendarIndexPage, EventOccurrence, EventPage
from .permissions import reviewers_group

WORKFLOW_NAME = "Granskning av evenemang"
TASK_NAME = "Godkänn föreslaget evenemang"


def verified_organisations(user):
    try:
        from partners.permissions import organisations_for
    except ImportError:  # pragma: no cover - partners is part of the project
        from partners.models import Organisation

        return Organisation.objects.none()
    return organisations_for(user, verified_only=True)


def find_calendar():
    return CalendarIndexPage.objects.first()


def ensure_review_workflow():
    """The workflow proposals go through (made by migration 0003; idempotent)."""
    group = reviewers_group()
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    if not task.groups.filter(pk=group.pk).exists():
        task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _unique_slug(parent, title):
    base = slugify(title)[:70] or "evenemang"
    slug, n = base, 2
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_proposal(user, calendar_page, data, topics=()):
    """An unpublished EventPage from the proposal form's data, submitted to the review workflow."""
    organisation = data["organisation"]
    page = EventPage(
        title=data["title"],
        slug=_unique_slug(calendar_page, data["title"]),
        summary=data["summary"],
        body=[("paragraph", RichText(paragraphs_html(data["description"])))],
        live=False,
        organiser_organisation=organisation,
        organiser_name=organisation.name,
        format=data["format"],
        venue=data.get("venue", ""),
        address=data.get("address", ""),
        online_url=data.get("online_url", ""),
        cost=data.get("cost", ""),
        signup_enabled=bool(data.get("capacity")),
        capacity=data.get("capacity"),
        language=data.get("language", "svenska"),
        proposed_by=user,
        owner=user,
    )
    page.occurrences.add(EventOccurrence(start=data["start"], end=data["end"]))
    page.municipalities.set(list(data.get("municipalities") or []))
    with transaction.atomic():
        calendar_page.add_child(instance=page)
        if topics:
            page.topics.add(*topics)
            page.save()
        revision = page.save_revision(user=user, log_action=True)
        ensure_review_workflow().start(page, user)
    return page, revision


def proposals_for(user):
    return (
        EventPage.objects.filter(proposed_by=user)
        .select_related("organiser_organisation")
        .prefetch_related("occurrences")
        .order_by("-first_published_at", "-pk")
    )
