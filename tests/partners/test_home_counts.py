"""The home page's directory section: its counts are kept in the shared cache as a part of the
directory (valid as long as the activity list's kept parts are), so a home page rendered again
after a publish elsewhere does not count 20,000 activities again; every change that moves a
count shows at once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Activity, Organisation
from portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def counts(client):
    text = client.get("/").content.decode()
    found = re.search(r"Granskade organisationer: (\d+)\. Publicerade aktiviteter: (\d+)\.", text)
    assert found, "the home page shows the directory's counts"
    return int(found[1]), int(found[2])


def test_the_counts_follow_every_change_at_once(client, activity_a, leksand):
    assert counts(client) == (1, 1)
    pending = OrganisationFactory(
        name="Nya läxhjälpen", municipalities=[leksand], status=Organisation.Status.PENDING
    )
    assert counts(client) == (1, 1)
    pending.status = Organisation.Status.VERIFIED
    pending.save()
    assert counts(client) == (2, 1)
    second = ActivityFactory(organisation=pending, municipality=leksand, is_online=False)
    assert counts(client) == (2, 2)
    second.status = Activity.Status.DRAFT
    second.save()
    assert counts(client) == (2, 1)
    activity_a.organisation.status = Organisation.Status.SUSPENDED
    activity_a.organisation.save()
    assert counts(client) == (1, 0)
    pending.delete()
    assert counts(client) == (0, 0)


def test_a_publish_elsewhere_does_not_count_the_directory_again(client, activity_a, home):
    news = StandardPageFactory(parent=home, title="Nyheter")
    assert counts(client) == (1, 1)
    StandardPageFactory(parent=news, title="Nyhet om samverkan")  # purges the home page
    with CaptureQueriesContext(connection) as queries:
        assert counts(client) == (1, 1)
    counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert not [sql for sql in counted if "partners_" in sql]
