"""The DCAT-AP-SE catalogue parses as RDF and has every mandatory property."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from portal.opendata.catalog import VCARD

pytestmark = pytest.mark.django_db


def check_mandatory(graph):
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    catalogue = catalogues[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
        assert graph.value(catalogue, prop) is not None, prop
    datasets = list(graph.objects(catalogue, DCAT.dataset))
    titles = {str(graph.value(d, DCTERMS.title)) for d in datasets}
    assert len(datasets) == 5
    assert any("RÖK" in t for t in titles) and any("ommuntal" in t for t in titles)
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        assert graph.value(dataset, DCTERMS.title).language == "sv"
        contact = graph.value(dataset, DCAT.contactPoint)
        assert graph.value(contact, VCARD.fn) and str(
            graph.value(contact, VCARD.hasEmail)
        ).startswith("mailto:")
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert isinstance(graph.value(distribution, DCAT.accessURL), URIRef)
            assert graph.value(distribution, DCTERMS.license) is not None
            assert graph.value(distribution, DCTERMS["format"]) is not None
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) is not None
    assert (publisher, RDF.type, FOAF.Agent) in graph


def test_turtle_catalogue(client):
    response = client.get("/oppna-data/katalog")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content.decode(), format="turtle")
    check_mandatory(graph)


def test_json_ld_catalogue(client):
    for response in (
        client.get("/oppna-data/katalog.jsonld"),
        client.get("/oppna-data/katalog", HTTP_ACCEPT="application/ld+json"),
    ):
        assert response["Content-Type"].startswith("application/ld+json")
        check_mandatory(Graph().parse(data=response.content.decode(), format="json-ld"))


def test_catalogue_links_resolve(client, content):
    graph = Graph().parse(
        data=client.get("/oppna-data/katalog.ttl").content.decode(), format="turtle"
    )
    for url in graph.objects(None, DCAT.accessURL):
        path = str(url).replace("http://testserver", "")
        assert client.get(path).status_code == 200, path
