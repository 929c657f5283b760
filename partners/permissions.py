"""Which organisations a user may act for; every Mina sidor view looks objects up through this."""

from .models import Membership, Organisation


def organisations_for(user, *, verified_only=False):
    """Organisations where ``user`` is a member (owner or editor)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(memberships__user=user)
    if verified_only:
        organisations = organisations.filter(status=Organisation.Status.VERIFIED)
    return organisations.distinct()


def owned_organisations_for(user):
    """Organisations where ``user`` is an owner."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.OWNER
    ).distinct()


def membership_of(user, organisation):
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()
