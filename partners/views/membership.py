"""Mina sidor: invitations, members and ownership of an organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.personal_data import verified_emails
from portal.ratelimit import allow

from .. import emails
from ..forms import HandOverForm, InvitationForm
from ..models import Invitation, Membership
from .access import member_organisation, owner_organisation


@login_required
def invite(request, pk):
    organisation, _membership = owner_organisation(request, pk)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        if not allow(request, "invitation", key=form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Too many invitations in a short time, from your connection or to this "
                    "address. Nothing was sent; try again in an hour."
                ),
            )
            return render(
                request,
                "partners/mina_sidor/invite.html",
                {"form": form, "organisation": organisation},
                status=429,
            )
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        emails.send_invitation(invitation)
        messages.success(
            request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/invite.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    organisation, _membership = owner_organisation(request, pk)
    invitation = get_object_or_404(
        organisation.invitations.filter(accepted_at__isnull=True), pk=invitation_pk
    )
    invitation.delete()
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("partners:organisation_manage", pk=organisation.pk)


@login_required
def invitation_accept(request, token):
    try:
        invitation_pk = emails.invitation_pk_from_token(token)
    except signing.SignatureExpired:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation has expired. Ask the organisation for a new one.")},
            status=410,
        )
    except (signing.BadSignature, ValueError):
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation link is not valid. Check that you copied all of it.")},
            status=404,
        )
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_pk).first()
    if invitation is None:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation has been withdrawn.")},
            status=410,
        )
    if invitation.accepted_at is not None:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation has already been used.")},
            status=410,
        )
    if invitation.email.lower() not in verified_emails(request.user):
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {
                "reason": _(
                    "The invitation was sent to another e-mail address. Log in with the account "
                    "for that address to accept it."
                )
            },
            status=403,
        )
    if request.method == "POST":
        with transaction.atomic():
            updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
                accepted_at=timezone.now(), accepted_by=request.user
            )
            if not updated:
                messages.error(request, _("The invitation has already been used."))
                return redirect("partners:dashboard")
            membership, created = Membership.objects.get_or_create(
                user=request.user,
                organisation=invitation.organisation,
                defaults={"role": invitation.role},
            )
            if not created and invitation.role == Membership.Role.OWNER:
                membership.role = Membership.Role.OWNER
                membership.save(update_fields=["role"])
        messages.success(
            request,
            _("You are now a member of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
        )
        return redirect("partners:organisation_manage", pk=invitation.organisation.pk)
    return render(request, "partners/mina_sidor/invitation_accept.html", {"invitation": invitation})


@login_required
def member_remove(request, pk, membership_pk):
    organisation, membership = member_organisation(request, pk)
    target = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)
    removing_self = target.pk == membership.pk
    if not membership.is_owner and not removing_self:
        messages.error(request, _("Only an owner can remove other members."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if target.is_owner and organisation.owners().count() <= 1:
        messages.error(
            request,
            _(
                "The organisation must always have an owner. Hand over ownership to another "
                "member first."
            ),
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if request.method == "POST":
        target.delete()
        if removing_self:
            messages.success(
                request, _("You have left %(organisation)s.") % {"organisation": organisation}
            )
            return redirect("partners:dashboard")
        messages.success(request, _("The member was removed."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/member_remove.html",
        {"organisation": organisation, "target": target, "removing_self": removing_self},
    )


@login_required
def member_make_owner(request, pk, membership_pk):
    organisation, membership = owner_organisation(request, pk)
    target = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)
    form = HandOverForm(request.POST or None)
    if target.pk == membership.pk:
        messages.error(request, _("You are already an owner."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            target.role = Membership.Role.OWNER
            target.save(update_fields=["role"])
            if form.cleaned_data["step_down"]:
                membership.role = Membership.Role.EDITOR
                membership.save(update_fields=["role"])
        messages.success(
            request,
            _("%(email)s is now an owner of %(organisation)s.")
            % {"email": target.user.email, "organisation": organisation.name},
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/member_make_owner.html",
        {"organisation": organisation, "target": target, "form": form},
    )
