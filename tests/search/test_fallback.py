"""When the configured backend (Elasticsearch in production) is down, nothing is lost:
the database backend is still written and answers /sok/, the change waits for replay."""

import io

from django.core.management import call_command

import pytest

from portal.factories import StandardPageFactory
from search import backends
from search.models import PendingIndexChange

pytestmark = pytest.mark.django_db

WRITES = []


class FlakyBackend(backends.database_backend_class()):
    """Stands in for an Elasticsearch cluster that is down until ``up`` is set."""

    name = "flaky"
    up = False

    def _check(self):
        if not FlakyBackend.up:
            raise ConnectionError("cluster unreachable")

    def index(self, documents):
        self._check()
        documents = list(documents)
        WRITES.extend(d.key for d in documents)
        return len(documents)

    def delete_sources(self, sources):
        self._check()

    def search(self, query):
        self._check()
        return super().search(query)


@pytest.fixture
def flaky(settings, monkeypatch):
    monkeypatch.setitem(backends.BACKENDS, "flaky", "tests.search.test_fallback.FlakyBackend")
    settings.SEARCH_BACKEND = "flaky"
    FlakyBackend.up = False
    WRITES.clear()
    yield FlakyBackend
    FlakyBackend.up = False


def test_publish_succeeds_search_answers_and_change_is_replayed(
    home, flaky, client, caplog, django_capture_on_commit_callbacks
):
    page = StandardPageFactory.build(title="Samhällsorientering i Falun", summary="")
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.live

    pending = PendingIndexChange.objects.get()
    assert (pending.source, pending.backend) == (f"page:{page.pk}", "flaky")
    assert "cluster unreachable" in pending.error

    data = client.get("/sok/", {"q": "samhällsorientering", "format": "json"}).json()
    assert [r["title"] for r in data["results"]] == ["Samhällsorientering i Falun"]
    assert "answering from the database" in caplog.text

    flaky.up = True
    call_command("search_reindex", "--pending", stdout=io.StringIO())
    assert [f"page:{page.pk}"] == WRITES
    assert not PendingIndexChange.objects.exists()
