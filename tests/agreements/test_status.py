"""Status comes from the dates, in Stockholm time, with the last day still in force."""

import datetime

import django.utils.timezone

import pytest

from agreements.factories import AgreementPageFactory
from agreements.models import Status, status_for

D = datetime.date


def freeze(monkeypatch, moment):
    monkeypatch.setattr(django.utils.timezone, "now", lambda: moment)


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2018, 12, 31), Status.UPCOMING),
        (D(2019, 1, 1), Status.IN_FORCE),
        (D(2020, 6, 1), Status.IN_FORCE),
        (D(2021, 12, 31), Status.IN_FORCE),
        (D(2022, 1, 1), Status.EXPIRED),
    ],
)
def test_status_by_date_including_the_last_day(today, expected):
    assert status_for(D(2019, 1, 1), D(2021, 12, 31), today) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "utc_moment, expected",
    [
        # 22:59 UTC on 31 December is 23:59 in Stockholm: still the last day.
        (datetime.datetime(2021, 12, 31, 22, 59, tzinfo=datetime.UTC), Status.IN_FORCE),
        # 23:00 UTC is midnight in Stockholm: a new day, so it has expired, although UTC
        # still says 31 December.
        (datetime.datetime(2021, 12, 31, 23, 0, tzinfo=datetime.UTC), Status.EXPIRED),
        # Summer time: 22:00 UTC on 31 May is 00:00 on 1 June in Stockholm.
        (datetime.datetime(2019, 5, 31, 21, 59, tzinfo=datetime.UTC), Status.UPCOMING),
        (datetime.datetime(2019, 5, 31, 22, 0, tzinfo=datetime.UTC), Status.IN_FORCE),
    ],
)
def test_time_zone_edges(agreement_index, monkeypatch, utc_moment, expected):
    page = AgreementPageFactory(
        parent=agreement_index, valid_from=D(2019, 6, 1), valid_to=D(2021, 12, 31)
    )
    freeze(monkeypatch, utc_moment)
    assert page.status == expected


@pytest.mark.django_db
def test_days_left_shown_under_90_days(agreement_index, monkeypatch, client):
    page = AgreementPageFactory(
        parent=agreement_index, valid_from=D(2025, 1, 1), valid_to=D(2026, 12, 31)
    )
    freeze(monkeypatch, datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC))
    assert page.days_left == 36
    html = client.get(page.url).content.decode()
    assert "36 dagar kvar" in html
    freeze(monkeypatch, datetime.datetime(2026, 12, 31, 12, tzinfo=datetime.UTC))
    assert page.days_left == 0
    assert "Sista dagen" in client.get(page.url).content.decode()
    freeze(monkeypatch, datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
    assert page.days_left is None
    assert "dagar kvar" not in client.get(page.url).content.decode()
