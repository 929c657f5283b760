"""Staff tools in the Wagtail admin: e-mail the confirmed participants, generate a weekly series,
mark attendance."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .emails import send_message_to_participants
from .forms import ParticipantsEmailForm, WeeklySeriesForm
from .models import Attendance, EventPage


def _editable_event(request, page_id):
    page = get_object_or_404(EventPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def email_participants(request, page_id):
    page = _editable_event(request, page_id)
    confirmed = page.signups.confirmed().exclude(email="").count()
    form = ParticipantsEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not confirmed:
            messages.error(request, _("There is no one with a confirmed place to e-mail."))
        else:
            send_message_to_participants.enqueue(
                page.pk, form.cleaned_data["subject"], form.cleaned_data["body"], request.user.email
            )
            messages.success(
                request,
                _("The message is being sent to %(count)s participants.") % {"count": confirmed},
            )
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(
        request,
        "events/admin/email_participants.html",
        {
            "page_obj": page,
            "form": form,
            "confirmed": confirmed,
            "page_title": _("E-mail participants"),
            "header_title": _("E-mail participants"),
            "page_subtitle": page.title,
            "header_icon": "mail",
        },
    )


def weekly_series(request, page_id):
    """Adds weekly occurrences to a new draft; the editor checks and publishes it."""
    page = _editable_event(request, page_id)
    form = WeeklySeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = page.get_latest_revision_as_object()
        created = draft.add_weekly_series(
            form.cleaned_data["first_start"],
            datetime.timedelta(minutes=form.cleaned_data["duration_minutes"]),
            form.cleaned_data["count"],
            form.cleaned_data["interval"],
        )
        ordered = sorted(draft.occurrences.all(), key=lambda occurrence: occurrence.start)
        for position, occurrence in enumerate(ordered):
            occurrence.sort_order = position
        draft.occurrences.set(ordered)
        draft.save_revision(user=request.user, log_action=True)
        messages.success(
            request,
            _("%(count)s occurrences were added to a draft. Check them and publish.")
            % {"count": len(created)},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(
        request,
        "events/admin/weekly_series.html",
        {
            "page_obj": page,
            "form": form,
            "page_title": _("Generate a weekly series"),
            "header_title": _("Generate a weekly series"),
            "page_subtitle": page.title,
            "header_icon": "date",
        },
    )


def attendance(request, page_id):
    """Staff mark who was there, per participant and session; also printed as a list to tick."""
    page = _editable_event(request, page_id)
    sessions = page.held_sessions
    participants = list(
        page.signups.confirmed().filter(anonymised_at__isnull=True).order_by("name", "pk")
    )
    present = set(
        Attendance.objects.filter(signup__in=participants).values_list("signup_id", "occurrence_id")
    )
    if request.method == "POST":
        valid = {(signup.pk, occurrence.pk) for signup in participants for occurrence in sessions}
        wanted = set()
        for value in request.POST.getlist("present"):
            signup_id, _sep, occurrence_id = value.partition(":")
            if signup_id.isdigit() and occurrence_id.isdigit():
                pair = (int(signup_id), int(occurrence_id))
                if pair in valid:
                    wanted.add(pair)
        with transaction.atomic():
            for signup_id, occurrence_id in present - wanted:
                Attendance.objects.filter(signup_id=signup_id, occurrence_id=occurrence_id).delete()
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        signup_id=signup_id, occurrence_id=occurrence_id, marked_by=request.user
                    )
                    for signup_id, occurrence_id in wanted - present
                ],
                ignore_conflicts=True,
            )
        messages.success(request, _("The attendance has been saved."))
        return redirect(reverse("events_attendance", args=[page.pk]))
    rows = [
        {
            "signup": signup,
            "cells": [
                {
                    "value": f"{signup.pk}:{occurrence.pk}",
                    "checked": (signup.pk, occurrence.pk) in present,
                    "occurrence": occurrence,
                }
                for occurrence in sessions
            ],
            "certificate": bool(sessions)
            and all((signup.pk, occurrence.pk) in present for occurrence in sessions),
        }
        for signup in participants
    ]
    return TemplateResponse(
        request,
        "events/admin/attendance.html",
        {
            "page_obj": page,
            "sessions": sessions,
            "rows": rows,
            "page_title": _("Attendance"),
            "header_title": _("Attendance"),
            "page_subtitle": page.title,
            "header_icon": "tick",
        },
    )
