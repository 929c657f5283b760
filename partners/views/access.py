"""Who may act for an organisation on Mina sidor: every view looks it up through these."""

from django.http import Http404

from ..permissions import membership_of


def member_organisation(request, pk):
    """The organisation with ``pk`` if the user is a member of it; 404 otherwise."""
    membership = membership_of(request.user, pk)
    if membership is None:
        raise Http404
    return membership.organisation, membership


def owner_organisation(request, pk):
    organisation, membership = member_organisation(request, pk)
    if not membership.is_owner:
        raise Http404
    return organisation, membership
