"""The contract suite runs against every reachable backend.

"database" always runs (on whatever database the test run uses: SQLite or PostgreSQL);
"elasticsearch" runs when ELASTICSEARCH_URL is set and is reported as skipped otherwise.
"""

import datetime
import os

import pytest

from search.backends.base import SearchDocument


def _backend(name):
    from search.backends import get_backend

    return get_backend(name)


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, db, settings):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    if request.param == "elasticsearch":
        if not os.environ.get("ELASTICSEARCH_URL"):
            pytest.skip(
                "Elasticsearch contract run needs ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200)"
            )
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    instance = _backend(request.param)
    instance.clear()
    yield instance
    instance.clear()


def make_documents():
    """A small corpus with one thing each behaviour needs."""
    return [
        SearchDocument(
            key="page:1",
            source="page:1",
            kind="page",
            title="Mottagande av kvotflyktingar i Dalarna",
            url="/dalarna/kvot/",
            summary="Hur kommunerna i Dalarna tar emot personer som anvisas.",
            body="Kommunerna tar emot kvotflyktingar som UNHCR har valt ut. <script>alert(1)</script>",
            date=datetime.date(2024, 3, 1),
            county_codes=["20"],
            municipality_codes=["2029"],
            target_groups=["kvotflyktingar"],
            tags=["bosättning"],
        ),
        SearchDocument(
            key="page:2",
            source="page:2",
            kind="agreement",
            title="Regional överenskommelse för Värmland",
            url="/varmland/rok/",
            summary="Länets parter har kommit överens om hur samverkan ska gå till.",
            body="Överenskommelsen gäller 2027–2029 och beslutades av integrationsrådet.",
            date=datetime.date(2027, 1, 15),
            county_codes=["17"],
            target_groups=["asylsokande"],
            tags=["samverkan"],
        ),
        SearchDocument(
            key="document:3:4",
            source="document:3",
            kind="document",
            title="Metodstöd för samverkan 2017",
            url="/dokument/3/metodstod.pdf#page=4",
            body="Efter varje kapitel följer reflektionsfrågor som arbetsgruppen kan diskutera.",
            date=datetime.date(2017, 6, 1),
            page_number=4,
            container_title="metodstod-2017.pdf",
        ),
        SearchDocument(
            key="document:3:5",
            source="document:3",
            kind="document",
            title="Metodstöd för samverkan 2017",
            url="/dokument/3/metodstod.pdf#page=5",
            body="Bilagor med mallar för handlingsplaner.",
            date=datetime.date(2017, 6, 1),
            page_number=5,
            container_title="metodstod-2017.pdf",
        ),
        SearchDocument(
            key="organisation:5",
            source="organisation:5",
            kind="organisation",
            title="Språkcafé Leksand",
            url="/foreningar/sprakcafe-leksand/",
            body="Vi träffas varje tisdag och pratar svenska över en kopp kaffe.",
            county_codes=["20"],
            municipality_codes=["2029"],
            tags=["språk"],
        ),
        SearchDocument(
            key="event:6",
            source="event:6",
            kind="event",
            title="Introduktionsdag om svenska för invandrare",
            url="/kalender/sfi-dag/",
            body="En dag för lärare och handledare om hur undervisningen är upplagd.",
            date=datetime.date(2025, 9, 10),
            county_codes=["20"],
            municipality_codes=["2031"],
            target_groups=["offentliganstallda"],
        ),
        SearchDocument(
            key="page:7",
            source="page:7",
            kind="agreement",
            title="Lokal överenskommelse i Rättvik",
            url="/rattvik/lok/",
            body=(
                "Arbetsförmedlingen samordnar parterna. Den regionala nivån följer upp att "
                "varje överenskommelse har en handlingsplan."
            ),
            date=datetime.date(2023, 5, 2),
            county_codes=["20"],
            municipality_codes=["2031"],
        ),
    ]


@pytest.fixture
def corpus(backend):
    backend.index(make_documents())
    return backend
