"""Relevance measured on the demo content: MRR and precision@5 of the judged queries
(``judgments.py``) on the database backend in use (SQLite or PostgreSQL), failing when a
figure drops below the baseline recorded in ``baseline.json``.

MRR: the mean over queries of 1 / the rank of the first fitting hit among the first 10 (0
when none). Precision@5: fitting hits among the first five, over min(5, fitting hits that
exist). A must-find-nothing query scores 1 on both when it finds nothing, else 0.

    .venv/bin/python -m pytest tests/search/relevance -q -s     # prints the per-query table
"""

import json
from pathlib import Path

from django.db import connection, transaction

import pytest

from search.backends.base import SearchQuery

from .judgments import JUDGMENTS, NOTHING

BASELINE = Path(__file__).with_name("baseline.json")
TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site and its index, built once for the module and rolled back after."""
    from tests.conftest import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def run(judgment):
    from search.backends import get_backend

    backend = get_backend("database")
    query = SearchQuery(text=judgment.text, filters=judgment.filters, per_page=10)
    results = backend.search(query)
    if not results.total and results.did_you_mean and judgment.category == "typo":
        results = backend.search(
            SearchQuery(text=results.did_you_mean, filters=judgment.filters, per_page=10)
        )
    return results


def score(judgment, results):
    titles = [hit.title for hit in results.hits]
    if judgment.relevant == NOTHING:
        found_nothing = float(results.total == 0)
        return found_nothing, found_nothing, titles
    relevant = set(judgment.relevant)
    rank = next((n for n, title in enumerate(titles, 1) if title in relevant), None)
    reciprocal = 1 / rank if rank else 0.0
    precision = sum(1 for title in titles[:5] if title in relevant) / min(5, len(relevant))
    return reciprocal, precision, titles


@pytest.fixture(scope="module")
def figures(demo):
    rows = []
    for judgment in JUDGMENTS:
        results = run(judgment)
        reciprocal, precision, titles = score(judgment, results)
        rows.append((judgment, reciprocal, precision, titles))
    mrr = sum(r[1] for r in rows) / len(rows)
    p5 = sum(r[2] for r in rows) / len(rows)
    print(f"\nrelevance on {connection.vendor}: MRR {mrr:.3f}, P@5 {p5:.3f}, {len(rows)} queries")
    for judgment, reciprocal, precision, titles in rows:
        if reciprocal < 1 or precision < 1:
            print(
                f"  {judgment.category:14} {judgment.text!r:36} RR {reciprocal:.2f} "
                f"P@5 {precision:.2f} {titles[:3]}"
            )
    return {"mrr": mrr, "p5": p5, "rows": rows}


@pytest.mark.django_db
def test_the_judged_set_is_large_and_varied():
    categories = {j.category for j in JUDGMENTS}
    assert len(JUDGMENTS) >= 40
    assert categories >= {
        "inflection",
        "compound",
        "abbreviation",
        "no diacritics",
        "typo",
        "english",
        "phrase",
        "filter",
        "nothing",
    }


@pytest.mark.django_db
def test_relevance_stays_at_or_above_the_recorded_baseline(figures):
    baseline = json.loads(BASELINE.read_text())[connection.vendor]
    assert figures["mrr"] >= baseline["mrr"] - TOLERANCE, figures["mrr"]
    assert figures["p5"] >= baseline["p5"] - TOLERANCE, figures["p5"]


@pytest.mark.django_db
def test_the_queries_the_issue_names_put_a_fitting_hit_first(figures):
    wrong = []
    for judgment, _reciprocal, _precision, titles in figures["rows"]:
        if judgment.first and (not titles or titles[0] != judgment.first):
            wrong.append((judgment.text, judgment.first, titles[:3]))
        if judgment.text in {
            "overenskommelse",
            "lansstyrelsen",
            "refugee",
            "lok rattvik",
            "svenska för invandrare",
        } and (not titles or titles[0] not in judgment.relevant):
            wrong.append((judgment.text, "a fitting hit", titles[:3]))
    assert not wrong
