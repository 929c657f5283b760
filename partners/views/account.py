"""Mina sidor: my personal data, downloaded as JSON, and deleting my account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.personal_data import erase_for, export_for, kept_after_erasure

from ..forms import DeleteAccountForm
from ..models import Membership, Organisation


def sole_owned_organisations(user):
    """Organisations where ``user`` is the only owner: they block deleting the account."""
    owned_ids = Membership.objects.filter(user=user, role=Membership.Role.OWNER).values(
        "organisation_id"
    )
    owned = Organisation.objects.filter(pk__in=owned_ids).annotate(
        owner_count=Count("memberships", filter=Q(memberships__role=Membership.Role.OWNER))
    )
    return [organisation for organisation in owned if organisation.owner_count == 1]


@login_required
def personal_data(request):
    return _personal_data_page(request, sole_owned_organisations(request.user), DeleteAccountForm())


def _personal_data_page(request, blocking, form, status=200):
    return render(
        request,
        "partners/mina_sidor/personal_data.html",
        {"blocking": blocking, "delete_form": form, "kept": kept_after_erasure()},
        status=status,
    )


@login_required
def personal_data_export(request):
    data = export_for(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    blocking = sole_owned_organisations(request.user)
    form = DeleteAccountForm(request.POST)
    if blocking:
        messages.error(
            request,
            _(
                "You are the only owner of %(organisations)s. Hand over ownership to another "
                "member or close the organisation before you delete your account."
            )
            % {"organisations": ", ".join(o.name for o in blocking)},
        )
        return redirect("partners:personal_data")
    if not form.is_valid():
        return _personal_data_page(request, blocking, form, status=400)
    user = request.user
    with transaction.atomic():
        erase_for(user)
        user.delete()
    logout(request)
    messages.success(request, _("Your account and your personal data have been deleted."))
    return redirect("/")
