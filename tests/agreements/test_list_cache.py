"""The agreement register keeps its facts, counts and filter options in the shared cache
(issue 17.3); whatever changes what the register shows (publish, unpublish, a new municipality
link, a renamed county) shows at once, in the list and in its counts."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from agreements.factories import AgreementPageFactory, local_agreement
from portal.models import County

pytestmark = pytest.mark.django_db

FILTERED = "/overenskommelser/?lan=dalarna&status=galler&ar=2026"


def titles(response):
    return [page.title for page in response.context["agreements"].object_list]


def results(response):
    """The page from its results heading on (the filter form holds each visitor's token)."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html[html.index("<main") :])


def option(response, name, value):
    return next(o for o in response.context["filter_options"][name] if o["value"] == value)


def test_a_repeat_render_skips_the_facts_and_shows_the_same(client, sample_agreements):
    for url in ("/overenskommelser/", FILTERED):
        with CaptureQueriesContext(connection) as first_queries:
            first = client.get(url)
        with CaptureQueriesContext(connection) as repeat_queries:
            repeat = client.get(url)
        assert titles(repeat) == titles(first)
        assert repeat.context["result_count"] == first.context["result_count"]
        assert results(repeat) == results(first)
        # the facts of every agreement (two queries) and the geography are not read again
        assert len(repeat_queries) <= len(first_queries) - 3


def test_publish_shows_at_once_in_list_and_counts(client, agreement_index, sample_agreements):
    before = client.get(FILTERED)
    count = before.context["result_count"]
    leksand_count = option(client.get("/overenskommelser/"), "kommun", "leksand")["count"]
    new = local_agreement(
        agreement_index,
        ["2029"],
        title="LÖK Leksand ny",
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2027, 12, 31),
    )
    after = client.get(FILTERED)
    assert after.context["result_count"] == count + 1
    assert "LÖK Leksand ny" in after.content.decode()
    assert option(client.get("/overenskommelser/"), "kommun", "leksand")["count"] == (
        leksand_count + 1
    )

    new.unpublish()
    gone = client.get(FILTERED)
    assert gone.context["result_count"] == count
    assert "LÖK Leksand ny" not in gone.content.decode()
    assert option(client.get("/overenskommelser/"), "kommun", "leksand")["count"] == leksand_count


def test_a_published_revision_changes_the_facts_at_once(client, sample_agreements):
    page = sample_agreements["rok_blekinge_old"]
    assert "RÖK Blekinge 2019–2021" not in client.get(FILTERED).content.decode()
    page.county = County.objects.get(code="20")
    page.valid_to = datetime.date(2027, 12, 31)
    page.save_revision().publish()
    assert "RÖK Blekinge 2019–2021" in client.get(FILTERED).content.decode()


def test_a_renamed_county_shows_at_once(client, sample_agreements):
    client.get("/overenskommelser/")
    dalarna = County.objects.get(code="20")
    dalarna.name = "Dalarnas län (nytt namn)"
    dalarna.save()
    assert option(client.get("/overenskommelser/"), "lan", "dalarna")["label"] == (
        "Dalarnas län (nytt namn)"
    )


def test_the_list_loads_only_the_shown_page(client, agreement_index, today):
    for n in range(30):
        AgreementPageFactory(parent=agreement_index, title=f"RÖK {n:02}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/overenskommelser/?sida=2")
    assert len(response.context["agreements"].object_list) == 10
    assert response.context["result_count"] == 30
    long_content = ['"agreements_agreementpage"."body"', '"agreements_agreementpage"."focus_areas"']
    assert not [q for q in queries.captured_queries if any(c in q["sql"] for c in long_content)]


def test_each_status_keeps_its_badge_in_the_list(client, sample_agreements):
    content = client.get("/overenskommelser/").content.decode()
    for badge in ("badge--success", "badge--warning", "badge--muted"):
        assert f'<span class="badge {badge}">' in content
