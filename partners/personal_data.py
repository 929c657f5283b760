"""What the directory holds about one user, for the portal's personal-data registry.

``PartnersConfig.ready`` registers each section with ``portal.personal_data``: how it is
exported, how it is erased when the account is deleted, and what is kept afterwards and why.
Invitations addressed to the user are found through the user's *verified* addresses only.
"""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import register_personal_data, verified_emails


def _when(value):
    return value.isoformat() if value else None


def export_account(user):
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def export_email_addresses(user):
    from allauth.account.models import EmailAddress

    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def export_memberships(user):
    from .models import Membership

    return [
        {
            "organisation": membership.organisation.name,
            "organisation_number": membership.organisation.org_number,
            "role": membership.role,
            "since": _when(membership.created_at),
        }
        for membership in Membership.objects.filter(user=user).select_related("organisation")
    ]


def erase_memberships(user):
    from .models import Membership

    deleted, _by_model = Membership.objects.filter(user=user).delete()
    return deleted


def _invitations_to(user):
    from django.db.models import Q

    from .models import Invitation

    addresses = verified_emails(user)
    if not addresses:
        return Invitation.objects.none()
    matches = Q()
    for address in addresses:
        matches |= Q(email__iexact=address)
    return Invitation.objects.filter(matches, accepted_at__isnull=True)


def export_invitations(user):
    from .models import Invitation

    return {
        "sent": [
            {
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "role": invitation.role,
                "sent": _when(invitation.created_at),
                "accepted": _when(invitation.accepted_at),
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related(
                "organisation"
            )
        ],
        "received": [
            {
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "sent": _when(invitation.created_at),
            }
            for invitation in _invitations_to(user).select_related("organisation")
        ],
    }


def erase_invitations(user):
    """Waiting invitations to the user go; those the user sent or accepted lose the name."""
    from .models import Invitation

    deleted, _by_model = _invitations_to(user).delete()
    sent = Invitation.objects.filter(invited_by=user).update(invited_by=None)
    accepted = Invitation.objects.filter(accepted_by=user).update(accepted_by=None)
    return deleted + sent + accepted


def export_organisations_owned(user):
    from .models import Membership

    return [
        {
            "name": membership.organisation.name,
            "organisation_number": membership.organisation.org_number,
            "status": membership.organisation.status,
            "email": membership.organisation.email,
            "phone": membership.organisation.phone,
            "registered": _when(membership.organisation.created_at),
        }
        for membership in Membership.objects.filter(
            user=user, role=Membership.Role.OWNER
        ).select_related("organisation")
    ]


def erase_organisations_owned(user):
    """The organisations stay with their other owners; who registered them is forgotten.
    (Account deletion is refused while the user is an organisation's only owner.)"""
    from .models import Organisation

    return Organisation.objects.filter(created_by=user).update(created_by=None)


def export_activities_created(user):
    from .models import Activity

    return [
        {
            "title": activity.title,
            "organisation": activity.organisation.name,
            "status": activity.status,
            "contact": activity.contact,
            "created": _when(activity.created_at),
        }
        for activity in Activity.objects.filter(created_by=user).select_related("organisation")
    ]


def erase_activities_created(user):
    from .models import Activity

    return Activity.objects.filter(created_by=user).update(created_by=None)


def register():
    register_personal_data("account", export_account, order=10)
    # No eraser: the addresses go with the user row, after every eraser has used them to find
    # what belongs to the user (``verified_emails``).
    register_personal_data("email_addresses", export_email_addresses, order=11)
    register_personal_data("memberships", export_memberships, erase_memberships, order=20)
    register_personal_data(
        "invitations",
        export_invitations,
        erase_invitations,
        kept=_(
            "Invitations you sent stay with the organisation without your name, because they "
            "belong to the person invited and the organisation until they are answered or "
            "withdrawn."
        ),
        order=21,
    )
    register_personal_data(
        "organisations_owned",
        export_organisations_owned,
        erase_organisations_owned,
        kept=_(
            "Organisations you owned together with others stay with the other owners, with "
            "their own details (name, organisation number, shared e-mail address), because they "
            "belong to the organisation, not to you. The county administrative board's log of "
            "decisions and changes is kept, without your name, to show how each decision was "
            "made."
        ),
        order=22,
    )
    register_personal_data(
        "activities_created",
        export_activities_created,
        erase_activities_created,
        kept=_(
            "Activities you created stay with the organisation without your name, because the "
            "organisation runs them and its other members keep them up to date."
        ),
        order=23,
    )
