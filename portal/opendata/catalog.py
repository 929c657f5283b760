"""The DCAT-AP-SE catalogue (https://docs.dataportal.se/dcat/) at /oppna-data/katalog, so that
dataportal.se can harvest the portal's datasets. Built with rdflib from ``datasets()``.

Mandatory in DCAT-AP-SE and present here: for the catalogue dcterms:title, dcterms:description,
dcterms:publisher and dcat:dataset; for each dataset dcterms:title, dcterms:description,
dcterms:publisher and dcat:contactPoint; for each distribution dcat:accessURL; for the
publisher foaf:name (and dcterms:type); for the contact point vcard:fn and vcard:hasEmail.
"""

from django.conf import settings
from django.utils import timezone, translation

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from portal.emails import absolute_url
from portal.settings.env import env_str

from .datasets import datasets

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
NAMESPACES = {"dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "vcard": VCARD, "xsd": XSD}

CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
SWEDISH = URIRef("http://publications.europa.eu/resource/authority/language/SWE")
SWEDEN = URIRef("http://publications.europa.eu/resource/authority/country/SWE")
THEMES = (
    URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI"),
    URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
)
DAILY = URIRef("http://publications.europa.eu/resource/authority/frequency/DAILY")
NATIONAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
FORMATS = {
    "json": (
        "application/json",
        URIRef("http://publications.europa.eu/resource/authority/file-type/JSON"),
    ),
    "csv": ("text/csv", URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")),
}


def _publisher_name():
    """A setting when the settings module declares one, else the environment (.env.example)."""
    return getattr(settings, "OPEN_DATA_PUBLISHER", None) or env_str(
        "OPEN_DATA_PUBLISHER", "Samverkansportalen"
    )


def _contact_email():
    return getattr(settings, "OPEN_DATA_CONTACT_EMAIL", None) or env_str(
        "OPEN_DATA_CONTACT_EMAIL", "oppnadata@samverkansportalen.se"
    )


def catalogue_graph():
    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace)
    catalogue = URIRef(absolute_url("/oppna-data/katalog"))
    publisher = URIRef(absolute_url("/#utgivare"))
    contact = URIRef(absolute_url("/oppna-data/#kontakt"))
    now = Literal(timezone.now().replace(microsecond=0).isoformat(), datatype=XSD.dateTime)

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(_publisher_name(), lang="sv")))
    graph.add((publisher, DCTERMS.type, NATIONAL_AUTHORITY))
    graph.add((publisher, FOAF.mbox, URIRef(f"mailto:{_contact_email()}")))

    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(_publisher_name(), lang="sv")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{_contact_email()}")))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal("Samverkansportalens öppna data", lang="sv")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                "Överenskommelser, kommuntal, föreningar, aktiviteter och evenemang om mottagande "
                "och etablering av nyanlända, som öppna data.",
                lang="sv",
            ),
        )
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.license, CC0))
    graph.add((catalogue, DCTERMS.language, SWEDISH))
    graph.add((catalogue, DCTERMS.modified, now))
    graph.add((catalogue, FOAF.homepage, URIRef(absolute_url("/oppna-data/"))))

    with translation.override("sv"):
        for item in datasets():
            _add_dataset(graph, catalogue, publisher, contact, item, now)
    return graph


def _add_dataset(graph, catalogue, publisher, contact, item, now):
    node = URIRef(absolute_url(f"/oppna-data/#{item.slug}"))
    graph.add((catalogue, DCAT.dataset, node))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.title, Literal(str(item.title), lang="sv")))
    graph.add((node, DCTERMS.description, Literal(str(item.description), lang="sv")))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCTERMS.identifier, Literal(absolute_url(item.api_path))))
    graph.add((node, DCAT.landingPage, URIRef(absolute_url(item.list_path))))
    graph.add((node, DCTERMS.language, SWEDISH))
    graph.add((node, DCTERMS.spatial, SWEDEN))
    graph.add((node, DCTERMS.accrualPeriodicity, DAILY))
    graph.add((node, DCTERMS.modified, now))
    for theme in THEMES:
        graph.add((node, DCAT.theme, theme))
    for keyword in item.keywords:
        graph.add((node, DCAT.keyword, Literal(keyword, lang="sv")))

    distributions = [("api", "json", item.api_path, "API (JSON)")]
    distributions.append(("json", "json", f"/oppna-data/ladda-ner/{item.slug}.json", "JSON"))
    if item.csv_row is not None:
        distributions.append(("csv", "csv", f"/oppna-data/ladda-ner/{item.slug}.csv", "CSV"))
    for name, file_type, path, title in distributions:
        media_type, format_uri = FORMATS[file_type]
        distribution = URIRef(absolute_url(f"/oppna-data/#{item.slug}-{name}"))
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{item.title} – {title}", lang="sv")))
        graph.add((distribution, DCAT.accessURL, URIRef(absolute_url(path))))
        if name != "api":
            graph.add((distribution, DCAT.downloadURL, URIRef(absolute_url(path))))
        else:
            graph.add(
                (
                    distribution,
                    DCTERMS.conformsTo,
                    URIRef(absolute_url("/api/v1/schema/")),
                )
            )
        graph.add(
            (
                distribution,
                DCAT.mediaType,
                URIRef(f"http://www.iana.org/assignments/media-types/{media_type}"),
            )
        )
        graph.add((distribution, DCTERMS["format"], format_uri))
        graph.add((distribution, DCTERMS.license, CC0))
