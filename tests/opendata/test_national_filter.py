"""Content tied to no county is "Hela landet" (lan=hela-landet) in search; following such a
search by e-mail keeps that filter instead of dropping it and following every county."""

from django.http import QueryDict

import pytest

from portal.alerts import SavedSearch
from portal.opendata import alerts
from portal.opendata.api import search_params, search_query
from search.backends.base import NATIONAL

pytestmark = pytest.mark.django_db


def test_search_params_read_hela_landet_as_the_national_value(home):
    params = search_params(QueryDict("q=kvot&lan=hela-landet&lan=dalarna"))
    assert params.notices == []
    assert search_query(params).filters["county"] == [NATIONAL, "20"]
    assert params.querystring_pairs() == [
        ("q", "kvot"),
        ("lan", "hela-landet"),
        ("lan", "dalarna"),
    ]


def test_a_saved_search_keeps_the_national_filter_and_says_so(home):
    pairs, params = alerts.clean_query(SavedSearch.Scope.SEARCH, "q=kvot&lan=hela-landet")
    assert ("lan", "hela-landet") in pairs
    assert "Hela landet" in alerts.describe(SavedSearch.Scope.SEARCH, params)


def test_other_lists_still_ignore_it_with_a_notice(home):
    from agreements.api import agreement_params

    params = agreement_params(QueryDict("lan=hela-landet"))
    assert "lan" not in params
    assert params.notices
