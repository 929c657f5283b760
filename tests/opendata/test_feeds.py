"""Atom feeds of new agreements and events, with the lists' filters."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_agreements_feed(client, content):
    assert set(entries(client.get("/oppna-data/floden/overenskommelser.atom"))) == {
        "RÖK Dalarna 2024–2027",
        "LÖK Leksand",
    }
    assert entries(client.get("/oppna-data/floden/overenskommelser.atom?typ=lok")) == [
        "LÖK Leksand"
    ]


def test_events_feed_with_filters_and_junk(client, content):
    assert entries(client.get("/oppna-data/floden/evenemang.atom")) == ["Traumamedvetet bemötande"]
    assert entries(client.get("/oppna-data/floden/evenemang.atom?lan=blekinge")) == []
    assert entries(client.get("/oppna-data/floden/evenemang.atom?lan=atlantis&fran=x")) == [
        "Traumamedvetet bemötande"
    ]


def test_any_search_as_atom(client, content):
    from search.indexing import apply_changes

    apply_changes([f"page:{content['event'].pk}", f"page:{content['hidden_event'].pk}"])
    assert entries(client.get("/sok/?q=traumamedvetet&format=atom")) == ["Traumamedvetet bemötande"]
    assert entries(client.get("/sok/?q=opublicerat&format=atom")) == []
    assert entries(client.get("/sok/?format=atom")) == []
    html = client.get("/sok/?q=traumamedvetet").content.decode()
    assert "format=atom" in html and "/bevaka/?omrade=sok&amp;q=traumamedvetet" in html
