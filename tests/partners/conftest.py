import pytest

from partners.factories import ActivityFactory, MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Membership, Organisation
from portal.models import Municipality


@pytest.fixture
def leksand(home):
    return Municipality.objects.get(code="2029")


@pytest.fixture
def karlskrona(home):
    return Municipality.objects.get(code="1080")


@pytest.fixture
def owner(db):
    return UserFactory(email="agare@example.se", username="agare")


@pytest.fixture
def org_a(owner, leksand):
    return OrganisationFactory(
        name="Språkvännerna i Leksand",
        owner=owner,
        municipalities=[leksand],
        status=Organisation.Status.VERIFIED,
    )


@pytest.fixture
def org_b(leksand):
    other = UserFactory(email="annan@example.se", username="annan")
    organisation = OrganisationFactory(
        name="Grannföreningen", owner=other, municipalities=[leksand]
    )
    return organisation


@pytest.fixture
def editor(org_a):
    membership = MembershipFactory(
        organisation=org_a,
        role=Membership.Role.EDITOR,
        user=UserFactory(email="redaktor@example.se", username="redaktor"),
    )
    return membership.user


@pytest.fixture
def activity_a(org_a, leksand):
    return ActivityFactory(organisation=org_a, municipality=leksand, is_online=False)


@pytest.fixture
def activity_b(org_b, leksand):
    return ActivityFactory(organisation=org_b, municipality=leksand, is_online=False)
