"""CSV and JSON downloads: Excel-ready, formula-safe, with the list's filters."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def rows_of(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_agreements_csv_has_swedish_headers_and_the_filters(client, content):
    response = client.get("/oppna-data/ladda-ner/overenskommelser.csv?typ=lok")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert "Rubrik" in header and "Kommuner" in header
    assert [row[header.index("Rubrik")] for row in rows] == ["LÖK Leksand"]


def test_cells_that_look_like_formulas_are_neutralised(client, content):
    organisation = content["organisation"]
    organisation.name = '=HYPERLINK("http://evil")'
    organisation.save()
    header, *rows = rows_of(client.get("/oppna-data/ladda-ner/organisationer.csv"))
    names = [row[header.index("Namn")] for row in rows]
    assert names == ['\'=HYPERLINK("http://evil")']


def test_directory_download_has_no_hidden_organisations(client, content):
    header, *rows = rows_of(client.get("/oppna-data/ladda-ner/organisationer.csv"))
    assert len(rows) == 1
    assert content["pending"].name not in str(rows)
    assert content["organisation"].email not in str(rows)  # not public


def test_quotas_csv_and_json(client, content):
    header, *rows = rows_of(client.get("/oppna-data/ladda-ner/kommuntal.csv?kommun=leksand"))
    assert len(rows) == 2
    data = client.get("/oppna-data/ladda-ner/kommuntal.json?ar=2025").json()
    assert data["count"] == 1 and data["results"][0]["number"] == 30
    assert "zero" in data["licence"]


def test_json_download_of_events_and_junk(client, content):
    data = client.get("/oppna-data/ladda-ner/evenemang.json").json()
    assert [r["title"] for r in data["results"]] == ["Traumamedvetet bemötande"]
    assert client.get("/oppna-data/ladda-ner/evenemang.json?lan=atlantis").status_code == 200
    assert client.get("/oppna-data/ladda-ner/okand.csv").status_code == 404
    assert client.get("/oppna-data/ladda-ner/evenemang.csv").status_code == 404
    assert client.get("/oppna-data/ladda-ner/kommuntal.csv?per_sida=x").status_code == 400


def test_open_data_page_links_everything(client, content):
    response = client.get("/oppna-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for link in (
        "/api/v1/schema/",
        "/oppna-data/ladda-ner/overenskommelser.csv",
        "/oppna-data/ladda-ner/kommuntal.csv",
        "/oppna-data/ladda-ner/organisationer.csv",
        "/oppna-data/katalog.ttl",
        "/oppna-data/floden/evenemang.atom",
        "creativecommons.org/publicdomain/zero",
    ):
        assert link in html, link


def test_quota_page_links_its_downloads(client, home):
    from agreements.factories import SettlementQuotaPageFactory

    SettlementQuotaPageFactory(parent=home)
    html = client.get("/kommuntal/").content.decode()
    assert "/oppna-data/ladda-ner/kommuntal.csv" in html
    assert "/bevaka/" not in html
