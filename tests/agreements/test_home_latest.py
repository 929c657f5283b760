"""The home page's latest agreements: which ones is kept in the shared cache as a part of the
register (valid as long as the register's own kept parts are), so the home page rendered again
after a publish elsewhere does not sort every agreement again; a publish, an unpublish or a
deletion of an agreement shows at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from agreements.factories import AgreementPageFactory
from portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def shown(client):
    html = client.get("/").content.decode()
    return [title for title in TITLES if f">{title}<" in html]


TITLES = [f"RÖK nummer {n}" for n in range(1, 8)]


@pytest.fixture
def six(agreement_index):
    return [AgreementPageFactory(parent=agreement_index, title=title) for title in TITLES[:6]]


def test_the_newest_five_and_every_change_at_once(client, six, agreement_index):
    assert shown(client) == TITLES[1:6]
    AgreementPageFactory(parent=agreement_index, title=TITLES[6])
    assert shown(client) == TITLES[2:7]
    six[4].unpublish()
    assert shown(client) == [TITLES[n] for n in (1, 2, 3, 5, 6)]
    six[5].delete()
    assert shown(client) == [TITLES[n] for n in (0, 1, 2, 3, 6)]


def test_a_publish_elsewhere_does_not_sort_the_agreements_again(client, six, home):
    news = StandardPageFactory(parent=home, title="Nyheter")
    assert len(shown(client)) == 5
    StandardPageFactory(parent=news, title="Nyhet om samverkan")
    with CaptureQueriesContext(connection) as queries:
        assert len(shown(client)) == 5
    sorted_agreements = [
        q["sql"]
        for q in queries.captured_queries
        if "agreements_agreementpage" in q["sql"]
        and "first_published_at" in q["sql"].split("ORDER BY")[-1]
    ]
    assert sorted_agreements == []
