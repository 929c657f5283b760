import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Organisation


@pytest.mark.django_db
def test_home_page_shows_only_verified_organisations(client, org_a):
    ActivityFactory(organisation=org_a)
    OrganisationFactory(name="Hemlig väntande", status=Organisation.Status.PENDING)
    content = client.get("/").content.decode()
    assert "Föreningar som gör skillnad" in content
    assert org_a.name in content
    assert "Hemlig väntande" not in content
    assert "Granskade organisationer: 1. Publicerade aktiviteter: 1." in content
