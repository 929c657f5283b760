"""Staff tools in the Wagtail admin: e-mail the confirmed participants, generate a weekly series."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .emails import send_message_to_participants
from .forms import ParticipantsEmailForm, WeeklySeriesForm
from .models import EventPage


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
