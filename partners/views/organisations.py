"""Mina sidor: the dashboard, registering, editing and closing an organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.log_actions import log

from portal.ratelimit import allow

from .. import emails
from ..forms import InvitationForm, OrganisationForm
from ..models import Membership, Organisation
from .access import member_organisation, owner_organisation


@login_required
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .annotate(
            activity_count=Count("organisation__activities", distinct=True),
        )
        .order_by("organisation__name")
    )
    has_verified = any(m.organisation.is_public for m in memberships)
    return render(
        request,
        "partners/mina_sidor/dashboard.html",
        {"memberships": memberships, "has_verified": has_verified},
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not allow(request, "organisation_register"):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Too many registrations from your connection in a short time. Nothing was saved; "
                "wait an hour and try again."
            ),
        )
        return render(
            request, "partners/mina_sidor/organisation_form.html", {"form": form}, status=429
        )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save(commit=False)
            organisation.created_by = request.user
            organisation.status = Organisation.Status.PENDING
            organisation.save()
            form.save_m2m()
            Membership.objects.create(
                user=request.user, organisation=organisation, role=Membership.Role.OWNER
            )
        messages.success(
            request,
            _(
                "The organisation is registered. The county administrative board will review it "
                "before it is shown publicly."
            ),
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(request, "partners/mina_sidor/organisation_form.html", {"form": form})


@login_required
def organisation_manage(request, pk):
    organisation, membership = member_organisation(request, pk)
    activities = organisation.activities.select_related("municipality").order_by("title", "pk")
    members = organisation.memberships.select_related("user").order_by("role", "user__email")
    invitations = organisation.invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by"
    )
    return render(
        request,
        "partners/mina_sidor/organisation_manage.html",
        {
            "organisation": organisation,
            "membership": membership,
            "activities": activities,
            "members": members,
            "owner_count": sum(1 for member in members if member.is_owner),
            "invitations": invitations,
            "invitation_form": InvitationForm(organisation=organisation),
        },
    )


# What the county administrative board vouched for: a verified organisation that changes one
# of these is checked again before it is shown.
VERIFIED_IDENTITY = ("name", "org_number", "legal_form")


@login_required
def organisation_edit(request, pk):
    organisation, _membership = member_organisation(request, pk)
    verified_as = {field: getattr(organisation, field) for field in VERIFIED_IDENTITY}
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        changed = [f for f, value in verified_as.items() if getattr(organisation, f) != value]
        if organisation.status == Organisation.Status.REJECTED:
            organisation.status = Organisation.Status.PENDING
            organisation.status_changed_at = timezone.now()
            messages.info(
                request,
                _("The organisation has been sent to the county administrative board again."),
            )
        elif organisation.status == Organisation.Status.VERIFIED and changed:
            organisation.status = Organisation.Status.PENDING
            organisation.status_reason = ""
            organisation.status_changed_at = timezone.now()
            log(
                organisation,
                "partners.organisation.resubmit",
                user=request.user,
                data={"changed": changed},
            )
            messages.info(
                request,
                _(
                    "The name, organisation number or legal form changed, so the county "
                    "administrative board checks the organisation again. Until then it is not "
                    "shown in the directory."
                ),
            )
        with transaction.atomic():  # the row and its municipalities, areas, groups: all or none
            organisation.save()
            form.save_m2m()
        messages.success(request, _("The changes are saved."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def organisation_review_request(request, pk):
    """Members of a rejected or suspended organisation ask staff to look at it again; the
    status stays as staff set it until staff decide."""
    organisation, _membership = member_organisation(request, pk)
    if not organisation.held_by_staff:
        messages.info(
            request,
            _("Only a rejected or suspended organisation needs a new review."),
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    requested = Organisation.objects.filter(
        pk=organisation.pk,
        review_requested_at__isnull=True,
        status__in=[Organisation.Status.REJECTED, Organisation.Status.SUSPENDED],
    ).update(review_requested_at=timezone.now())
    if requested:
        log(organisation, "partners.organisation.review_requested", user=request.user)
        emails.send_review_request(organisation)
        messages.success(
            request,
            _(
                "The county administrative board has been asked to review %(organisation)s "
                "again. The owners get an e-mail when it has decided."
            )
            % {"organisation": organisation.name},
        )
    else:
        messages.info(request, _("A new review has already been requested."))
    return redirect("partners:organisation_manage", pk=organisation.pk)


@login_required
def organisation_close(request, pk):
    """An owner closes (deletes) the organisation, its activities and memberships."""
    organisation, _membership = owner_organisation(request, pk)
    if request.method == "POST":
        name = organisation.name
        organisation.delete()
        messages.success(
            request, _("%(organisation)s was closed and removed.") % {"organisation": name}
        )
        return redirect("partners:dashboard")
    return render(
        request, "partners/mina_sidor/organisation_close.html", {"organisation": organisation}
    )
