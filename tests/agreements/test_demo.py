"""The demo loader: the content the issue asks for, real PDFs, and a second run changes
nothing."""

import io

from django.core.management.color import no_style

import pytest
from pypdf import PdfReader

from agreements.models import AgreementPage, MethodSupportPage, ProjectPage, SettlementQuota

pytestmark = pytest.mark.django_db


def run_loaders():
    import agreements.demo
    import portal.demo

    ctx = portal.demo.DemoContext(io.StringIO(), no_style())
    portal.demo.load(ctx)
    agreements.demo.load(ctx)
    return ctx


def test_demo_content_and_idempotence(client, today):
    first = run_loaders()
    assert first.created > 0
    counts = (
        AgreementPage.objects.count(),
        SettlementQuota.objects.count(),
        ProjectPage.objects.count(),
    )
    second = run_loaders()
    assert second.created == 0
    assert counts == (
        AgreementPage.objects.count(),
        SettlementQuota.objects.count(),
        ProjectPage.objects.count(),
    )

    rok = AgreementPage.objects.get(slug="rok-blekinge-2019-2021")
    parties = [p.name for p in rok.parties.all()]
    assert len(parties) == 10 and "Region Blekinge" in parties and "Sölvesborg kommun" in parties
    assert len(rok.focus_areas) == 4
    assert rok.adopted_on.isoformat() == "2019-09-12" and rok.adopted_at == "Karlskrona"
    for item in rok.documents.all():
        reader = PdfReader(item.document.file.open("rb"))
        assert len(reader.pages) >= 1
    assert {d.kind for d in rok.documents.all()} == {"agreement", "decision", "action_plan"}

    leksand_rattvik = SettlementQuota.objects.filter(
        year=2024, municipality__code__in=["2029", "2031"]
    )
    by_group = {}
    for quota in leksand_rattvik:
        by_group[quota.group] = by_group.get(quota.group, 0) + quota.number
        assert not quota.is_demo
    assert by_group == {"kvotflyktingar": 16, "ukraina": 21}
    assert SettlementQuota.objects.filter(is_demo=True).exists()

    assert MethodSupportPage.objects.get().chapters
    assert ProjectPage.objects.filter(title="Yrkesväg").exists()

    # every filter value offered has something behind it
    response = client.get("/overenskommelser/")
    for name, options in response.context["filter_options"].items():
        for option in options:
            assert option["count"] > 0, (name, option)
    for status in ("kommande", "galler", "upphort"):
        assert client.get("/overenskommelser/", {"status": status}).context["result_count"] > 0
    for url in ("/metodstod/", "/projekt/", "/kommuntal/", "/kommuntal/blekinge/2024/", rok.url):
        assert client.get(url).status_code == 200, url
