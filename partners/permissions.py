"""Which organisations a user may act for; every Mina sidor view looks objects up through this."""

from .models import Membership, Organisation


def organisations_for(user, *, verified_only=False):
    """Organisations where ``user`` is a member (owner or editor)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(memberships__user=user)
    if verified_only:
        organisations = organisations.public()
    return organisations.distinct()


def membership_of(user, organisation_id):
    """The user's membership of the organisation with this id (its organisation loaded with
    it), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation_id=organisation_id)
        .first()
    )
