"""/oppna-data/: the page that explains the open data, the downloads (CSV and JSON with the
list's filters), the DCAT-AP-SE catalogue and the Atom feeds."""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.csv_export import csv_response
from portal.emails import absolute_url

from .catalog import catalogue_graph
from .datasets import dataset, datasets
from .http import open_data
from .params import BadRequest

LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
FEED_ITEMS = 50
# The list page each kind of saved search was made from (for links back to it).
SCOPE_PATHS = {
    "sok": "/sok/",
    "overenskommelser": "/overenskommelser/",
    "foreningar": "/foreningar/",
    "aktiviteter": "/foreningar/aktiviteter/",
    "kalender": "/kalender/",
}


def index(request):
    base = absolute_url("/")
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets(),
            "base_url": base.rstrip("/"),
            "licence_url": LICENCE_URL,
        },
    )


def _bad_request(error):
    return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


@open_data
def download(request, slug, extension):
    """The whole dataset (no pages) with the filters in the query string."""
    item = dataset(slug)
    if item is None or (extension == "csv" and item.csv_row is None):
        raise Http404
    try:
        params = item.params(request.GET)
    except BadRequest as error:
        return _bad_request(error)
    rows = (item.data(row, request) for row in item.rows(params).iterator(chunk_size=500))
    stamp = timezone.localdate().isoformat()
    if extension == "csv":
        response = csv_response(
            f"{slug}-{stamp}.csv",
            [str(h) for h in item.csv_header],
            (item.csv_row(r) for r in rows),
        )
        return response
    results = list(rows)
    body = {
        "dataset": str(item.title),
        "licence": LICENCE_URL,
        "generated_at": timezone.now(),
        "filters": dict(params.querystring_pairs()),
        "notices": [str(n) for n in params.notices],
        "count": len(results),
        "results": results,
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-{stamp}.json"'
    return response


CATALOGUE_FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "turtle": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
    "json-ld": ("json-ld", "application/ld+json; charset=utf-8"),
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
}


@open_data
def catalogue(request, extension=None):
    """The DCAT-AP-SE catalogue: Turtle by default, JSON-LD (or RDF/XML) by extension,
    ``?format=`` or the Accept header."""
    wanted = extension or request.GET.get("format", "")
    if not wanted:
        accept = request.headers.get("Accept", "")
        if "application/ld+json" in accept:
            wanted = "jsonld"
        elif "application/rdf+xml" in accept:
            wanted = "rdf"
    rdf_format, content_type = CATALOGUE_FORMATS.get(wanted, CATALOGUE_FORMATS["ttl"])
    graph = catalogue_graph()
    if rdf_format == "json-ld":
        data = graph.serialize(format="json-ld", context=_jsonld_context(), indent=2)
    else:
        data = graph.serialize(format=rdf_format)
    response = HttpResponse(data, content_type=content_type)
    response["Vary"] = "Accept"
    return response


def _jsonld_context():
    from .catalog import NAMESPACES

    return {prefix: str(uri) for prefix, uri in NAMESPACES.items()}


# ---- Atom feeds ----------------------------------------------------------------------------


class SwedishAtomFeed(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"


def _feed(title, link, feed_url, description):
    return SwedishAtomFeed(
        title=title,
        link=absolute_url(link),
        feed_url=absolute_url(feed_url),
        description=description,
        language="sv",
        author_name="Samverkansportalen",
    )


def _feed_response(feed):
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response


@open_data
def agreements_feed(request):
    """New and updated agreements, newest first, with the register's filters."""
    from agreements.api import agreement_params, agreements

    try:
        params = agreement_params(request.GET)
    except BadRequest as error:
        return _bad_request(error)
    query = request.GET.urlencode()
    feed = _feed(
        _("Agreements on Samverkansportalen"),
        "/overenskommelser/" + (f"?{query}" if query else ""),
        request.get_full_path(),
        _("New regional and local agreements."),
    )
    pages = agreements(params).select_related("county").order_by("-first_published_at", "-pk")
    for page in pages[:FEED_ITEMS]:
        parts = page.get_url_parts(request)
        url = absolute_url(parts[2]) if parts else absolute_url("/overenskommelser/")
        feed.add_item(
            title=page.title,
            link=url,
            description=page.summary or f"{page.short_name}",
            unique_id=url,
            pubdate=page.first_published_at,
            updateddate=page.last_published_at,
            categories=[page.get_kind_display()],
        )
    return _feed_response(feed)


@open_data
def events_feed(request):
    """Newly published events, newest first, with the calendar's filters."""
    from events.api import event_params, events

    try:
        params = event_params(request.GET)
    except BadRequest as error:
        return _bad_request(error)
    query = request.GET.urlencode()
    feed = _feed(
        _("New events on Samverkansportalen"),
        "/kalender/" + (f"?{query}" if query else ""),
        request.get_full_path(),
        _("Newly published training and seminars."),
    )
    pages = events(params).order_by("-first_published_at", "-pk")
    for page in pages[:FEED_ITEMS]:
        parts = page.get_url_parts(request)
        url = absolute_url(parts[2]) if parts else absolute_url("/kalender/")
        when = (
            timezone.localtime(page.next_start).strftime("%Y-%m-%d %H:%M")
            if page.next_start
            else ""
        )
        feed.add_item(
            title=page.title,
            link=url,
            description=" · ".join(part for part in (when, page.summary) if part),
            unique_id=url,
            pubdate=page.first_published_at,
            updateddate=page.last_published_at,
        )
    return _feed_response(feed)


def _as_datetime(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def search_feed(request, query, results):
    """/sok/?q=…&format=atom: the search's hits as an Atom feed (called by search.views)."""
    feed = _feed(
        _("Search “%(query)s” on Samverkansportalen") % {"query": query.text},
        request.get_full_path().replace("format=atom", "").rstrip("&?"),
        request.get_full_path(),
        _("What the portal's search finds."),
    )
    for hit in results.hits if results else []:
        url = absolute_url(hit.url)
        feed.add_item(
            title=hit.title,
            link=url,
            description=hit.snippet,
            unique_id=f"{url}#{hit.key}",
            updateddate=_as_datetime(hit.date),
        )
    response = _feed_response(feed)
    return response
