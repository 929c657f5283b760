"""Mina sidor: an organisation's activities, created, edited and published by its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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


@login_required
def activity_edit(request, pk, activity_pk):
    organisation, _membership = member_organisation(request, pk)
    activity = get_object_or_404(organisation.activities, pk=activity_pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        if "publish" in request.POST:
            activity.status = Activity.Status.PUBLISHED
            activity.moderation_reason = ""
        activity.save()
        form.save_m2m()
        messages.success(request, _("The activity is saved."))
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
    else:
        activity.status = status
        if status == Activity.Status.PUBLISHED:
            activity.moderation_reason = ""
        activity.save(update_fields=["status", "moderation_reason", "updated_at"])
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": activity.title, "status": activity.get_status_display()},
        )
    return redirect("partners:organisation_manage", pk=organisation.pk)
