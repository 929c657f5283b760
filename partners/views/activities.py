"""Mina sidor: an organisation's activities, created, edited and published by its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.log_actions import log

from .. import emails
from ..forms import ActivityForm
from ..models import Activity
from .access import member_organisation


@login_required
def activity_create(request, pk):
    organisation, _membership = member_organisation(request, pk)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.organisation = organisation
        activity.created_by = request.user
        activity.status = (
            Activity.Status.PUBLISHED if "publish" in request.POST else Activity.Status.DRAFT
        )
        activity.save()
        form.save_m2m()
        messages.success(request, _("The activity is saved."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/activity_form.html",
        {"form": form, "organisation": organisation},
    )


# What a member's edit may write: never the status or the staff's note (a staff unpublish that
# happens while the form is open must not be overwritten).
EDITABLE_FIELDS = [
    *(name for name in ActivityForm.Meta.fields if name != "target_groups"),
    "weekday_codes",
    "language_codes",
    "updated_at",
]


def _set_status(activity, status):
    """Set ``status`` unless it is publishing what staff unpublished; the row is locked, so a
    staff decision made at the same moment wins. Saved through the model so that search and
    the other listeners hear of it. True if the status was set."""
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if status == Activity.Status.PUBLISHED and current.unpublished_by_staff:
            return False
        current.status = status
        current.save(update_fields=["status", "updated_at"])
    activity.status = status
    return True


def _publish(request, activity):
    """Publish unless staff unpublished it: staff's decision wins."""
    published = _set_status(activity, Activity.Status.PUBLISHED)
    if not published:
        messages.error(
            request,
            _(
                "The county administrative board unpublished “%(title)s”. Only the county "
                "administrative board can publish it again: correct it and ask for a new review."
            )
            % {"title": activity.title},
        )
    return published


@login_required
def activity_edit(request, pk, activity_pk):
    organisation, _membership = member_organisation(request, pk)
    activity = get_object_or_404(organisation.activities, pk=activity_pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.save(update_fields=EDITABLE_FIELDS)
        form.save_m2m()
        messages.success(request, _("The activity is saved."))
        if "publish" in request.POST:
            _publish(request, activity)
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/activity_form.html",
        {"form": form, "organisation": organisation, "activity": activity},
    )


@login_required
@require_POST
def activity_status(request, pk, activity_pk):
    organisation, _membership = member_organisation(request, pk)
    activity = get_object_or_404(organisation.activities, pk=activity_pk)
    status = request.POST.get("status")
    if status not in Activity.Status.values:
        messages.error(request, _("Unknown status; nothing was changed."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if status == Activity.Status.PUBLISHED:
        changed = _publish(request, activity)
    else:
        changed = _set_status(activity, status)
    if changed:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": activity.title, "status": Activity.Status(status).label},
        )
    return redirect("partners:organisation_manage", pk=organisation.pk)


@login_required
@require_POST
def activity_review_request(request, pk, activity_pk):
    """Members ask staff to look again at an activity staff unpublished; staff decide."""
    organisation, _membership = member_organisation(request, pk)
    activity = get_object_or_404(organisation.activities, pk=activity_pk)
    if not activity.unpublished_by_staff:
        messages.info(
            request,
            _("Only an activity that the county administrative board unpublished needs a review."),
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    requested = (
        Activity.objects.filter(pk=activity.pk, review_requested_at__isnull=True)
        .exclude(moderation_reason="")
        .update(review_requested_at=timezone.now())
    )
    if requested:
        log(activity, "partners.activity.review_requested", user=request.user)
        emails.send_review_request(activity)
        messages.success(
            request,
            _(
                "The county administrative board has been asked to review “%(title)s” again. "
                "You will get an e-mail when it has decided."
            )
            % {"title": activity.title},
        )
    else:
        messages.info(
            request,
            _("A new review of “%(title)s” has already been requested.")
            % {"title": activity.title},
        )
    return redirect("partners:organisation_manage", pk=organisation.pk)
