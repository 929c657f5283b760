"""Records about a person stay out of Wagtail's reference index: the index lists what refers to a
page, image, document or organisation by each row's name, on the admin's usage pages and delete
confirmations, to every editor of the target. A sign-up, a membership, an invitation or a saved
search there would show a person's name or address to people who may not see it."""

from django.apps import apps

from wagtail.models import ReferenceIndex

import pytest

from partners.factories import InvitationFactory, MembershipFactory, OrganisationFactory

PERSONAL_RECORDS = [
    "events.Signup",
    "events.SignupAnswer",
    "events.Attendance",
    "events.OccurrenceReminder",
    "events.PersonalCalendar",
    "partners.Membership",
    "partners.Invitation",
    "portal.SavedSearch",
    "portal.SavedSearchItem",
    "portal.DigestDelivery",
    "portal.StaffProfile",
]


@pytest.mark.parametrize("label", PERSONAL_RECORDS)
def test_a_personal_record_is_never_a_listed_use_of_anything(label):
    assert not ReferenceIndex.model_is_indexable(apps.get_model(label))


@pytest.mark.django_db
def test_members_and_invitations_are_not_listed_as_uses_of_their_organisation():
    organisation = OrganisationFactory(name="Språkvänner Leksand")
    MembershipFactory(organisation=organisation)
    InvitationFactory(organisation=organisation, email="karin.berg@example.se")
    uses = ReferenceIndex.get_references_to(organisation)
    assert not uses.filter(content_type__model__in=["membership", "invitation"]).exists()
