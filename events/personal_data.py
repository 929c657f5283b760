"""Event sign-ups in the portal's personal-data registry (portal.personal_data).

A sign-up belongs to an account when it was made while logged in as that account, or when its
e-mail address is one the account has *verified*: an address someone only typed proves nothing,
so it never brings in another person's sign-ups.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

KEPT = _(
    "Event sign-ups, anonymised: which event, the status (confirmed, waiting list, cancelled), "
    "the municipality and the dates, without name, e-mail address, employer, special needs or "
    "answers to the event's questions. "
    "They are kept for the statistics of how many take part in the training events, and so that "
    "the number of places of events that have already taken place stays right. A place in a "
    "coming event is given up, and the next person on the waiting list gets it."
)


def signups_of(user):
    from portal.personal_data import verified_emails

    from .models import Signup

    if user is None or not user.is_authenticated:
        return Signup.objects.none()
    match = Q(user=user)
    emails = verified_emails(user)
    if emails:
        match |= Q(email_normalised__in=emails)
    return Signup.objects.filter(match, anonymised_at__isnull=True)


def export(user):
    signups = (
        signups_of(user)
        .select_related("event", "municipality")
        .prefetch_related("answers")
        .order_by("created_at", "pk")
    )
    return [
        {
            "event": signup.event.title,
            "name": signup.name,
            "email": signup.email,
            "employer": signup.employer,
            "municipality": signup.municipality.name if signup.municipality else None,
            "needs": signup.needs,
            "status": signup.status,
            "signed_up": signup.created_at.isoformat(),
            "cancelled": signup.cancelled_at.isoformat() if signup.cancelled_at else None,
            "answers": [
                {"question": answer.label, "answer": answer.display_value}
                for answer in signup.answers.all()
            ],
        }
        for signup in signups
    ]


def erase(user):
    from .services import erase_signups

    signups = list(signups_of(user).select_related("event").prefetch_related("event__occurrences"))
    return erase_signups(signups)


def register():
    from portal.personal_data import register_personal_data

    register_personal_data("event_signups", export, erase, kept=KEPT, order=50)
