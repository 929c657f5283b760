"""Everything the portal holds about one user, as a JSON-ready dict.

Other apps add their own sections by appending a callable to ``EXPORTERS``; each takes the
user and returns ``(section_name, data)`` where data is JSON-serialisable, e.g. in
``AppConfig.ready()``::

    from partners.personal_data import EXPORTERS
    EXPORTERS.append(lambda user: ("event_registrations", [...]))
"""

from django.utils import timezone

EXPORTERS = []


def _when(value):
    return value.isoformat() if value else None


def core_sections(user):
    from allauth.account.models import EmailAddress

    from .models import Activity, Invitation, Membership

    sections = {
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "organisation_number": membership.organisation.org_number,
                "role": membership.role,
                "since": _when(membership.created_at),
            }
            for membership in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_sent": [
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
        "organisations_owned": [
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
        ],
        "activities_created": [
            {
                "title": activity.title,
                "organisation": activity.organisation.name,
                "status": activity.status,
                "contact": activity.contact,
                "created": _when(activity.created_at),
            }
            for activity in Activity.objects.filter(created_by=user).select_related("organisation")
        ],
    }
    return sections


def export_for(user):
    data = {"exported_at": timezone.now().isoformat(), **core_sections(user)}
    for exporter in EXPORTERS:
        name, section = exporter(user)
        data[name] = section
    return data
