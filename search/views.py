"""/sok/: the search page, the same results as JSON, and title suggestions for the box.

All input is cleaned here before it reaches a backend: the query is cut at 200 characters,
filters are read in the site's vocabulary (lan, kommun, typ, ar, malgrupp, amne, sida, sortera;
see ``search.vocabulary``) by the open-data API's own ``Params``, and page numbers are
clamped. Old addresses (``county=20``, ``page=2``) answer 301 to the same search in new words.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.opendata.api import search_params, search_query
from portal.opendata.params import legacy_redirect

from .backends import search_with_fallback, suggest_with_fallback
from .backends.base import FACETS, NATIONAL
from .labels import FACET_LABELS, kind_label
from .page_tags import SearchPage
from .query import MAX_QUERY_LENGTH, clean, parse
from .vocabulary import (
    PAGE,
    PARAMS,
    SORT,
    SORT_KEYS,
    SORTS,
    legacy_values,
    named_places,
    place_names,
    places,
    slug_maps,
    url_pairs,
)

MAX_PAGE = 10_000
MAX_FILTER_VALUES = 10


class _Sized:
    """Stands in for the result list so Django's Paginator can number the pages."""

    def __init__(self, count):
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, item):
        return []


def parse_request(request):
    """A ``SearchQuery`` from GET parameters, and the messages about what was changed."""
    messages = []
    raw = request.GET.get("q", "")
    text = clean(raw)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rstrip()
        messages.append(
            _("Your search was shortened to the first %(count)s characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if text and parse(text).only_stopwords:
        messages.append(
            _(
                "Your search has only very common words (like “och” or “för”), which are not "
                "searched for. Add a word that says what you are looking for."
            )
        )
    wanted = QueryDict(mutable=True)
    for name in PARAMS.values():
        for value in request.GET.getlist(name)[:MAX_FILTER_VALUES]:
            value = clean(value)
            if value:
                wanted.appendlist(name, value)
    params = search_params(wanted)
    messages.extend(params.notices)
    query = search_query(params)
    query.text = text
    query.sort = SORTS.get(request.GET.get(SORT, ""), "relevance")
    try:
        page = int(request.GET.get(PAGE, "1"))
    except (TypeError, ValueError):
        page = 1
    query.page = min(max(page, 1), MAX_PAGE)
    query.per_page = getattr(settings, "SEARCH_RESULTS_PER_PAGE", 20)
    return query, messages


def run_search(query):
    results = search_with_fallback(query)
    if not results.hits and results.total and query.page > 1:
        last = max(1, -(-results.total // query.per_page))
        if last != query.page:
            query.page = last
            results = search_with_fallback(query)
    return results


class _Links:
    """Addresses of this search with one thing changed, in the site's vocabulary."""

    def __init__(self, query, slugs):
        self.query = query
        self.slugs = slugs

    def slug(self, facet, value):
        return self.slugs.get(facet, {}).get(value, value)

    def href(self, facet=None, value=None, sort=None, text=None):
        """``value`` toggled in ``facet``, or another sort or text; always the first page."""
        filters = {k: list(v) for k, v in self.query.filters.items()}
        if facet:
            current = filters.get(facet, [])
            filters[facet] = (
                [v for v in current if v != value] if value in current else current + [value]
            )
        pairs = url_pairs(
            self.query.text if text is None else text,
            filters,
            sort or self.query.sort,
            self.slugs,
        )
        return "?" + urlencode(pairs)


def _lookups(query, results):
    """Slugs for the county and municipality values on the page and the places the text
    names, in one query."""
    names = place_names(query.text)
    codes = {facet: set(query.filters.get(facet, [])) for facet in ("county", "municipality")}
    if results is not None:
        for facet in codes:
            codes[facet].update(v.value for v in results.facets.get(facet, []))
    codes["county"].discard(NATIONAL)
    found = places(codes["county"], codes["municipality"], names)
    return found, named_places(names, found)


def search(request):
    redirect = legacy_redirect(request, values=legacy_values(request.GET))
    if redirect is not None:
        return redirect
    started = time.perf_counter()
    query, messages = parse_request(request)
    dependencies = SearchPage(query.text)
    dependencies.declare(request)
    results = run_search(query) if query.text else None
    dependencies.answered(request, results)
    took_ms = (time.perf_counter() - started) * 1000
    if request.GET.get("format") == "atom":
        from portal.opendata.views import search_feed

        return search_feed(request, query, results)
    found, overview = _lookups(query, results) if query.text else ([], [])
    links = _Links(query, slug_maps(found))
    if request.GET.get("format") == "json":
        return JsonResponse(
            _json(query, results, messages, took_ms, links, overview),
            json_dumps_params={"ensure_ascii": False},
        )

    facets = []
    page_obj = None
    if results is not None:
        for facet in FACETS:
            values = results.facets.get(facet, [])
            if not values:
                continue
            facets.append(
                {
                    "name": PARAMS[facet],
                    "label": FACET_LABELS[facet],
                    "values": [
                        {
                            "value": {
                                "value": links.slug(facet, v.value),
                                "label": v.label,
                                "count": v.count,
                                "selected": v.selected,
                                "estimated": v.estimated,
                            },
                            "href": links.href(facet, v.value),
                        }
                        for v in values
                    ],
                }
            )
        page_obj = Paginator(_Sized(results.total), query.per_page).get_page(query.page)
    selected = [
        {
            "facet": FACET_LABELS[facet],
            "label": _selected_label(results, facet, value),
            "href": links.href(facet, value),
        }
        for facet, values in query.filters.items()
        for value in values
    ]
    context = {
        "search_query": query.text,
        "query": query,
        "results": results,
        "hits": [_hit_context(hit) for hit in results.hits] if results else [],
        "overview": overview,
        "facets": facets,
        "selected_filters": selected,
        # the search box keeps the filters and the sort
        "hidden_params": url_pairs("", query.filters, query.sort, links.slugs),
        "sort_key": SORT_KEYS[query.sort] if query.sort != "relevance" else "",
        "clear_filters_href": "?" + urlencode({"q": query.text}) if query.text else "?",
        "sort_links": {
            "relevance": links.href(sort="relevance"),
            "date": links.href(sort="date"),
        },
        "did_you_mean_href": links.href(text=results.did_you_mean)
        if results and results.did_you_mean
        else None,
        "page_obj": page_obj,
        "took_ms": took_ms,
        "notices": messages,
    }
    return render(request, "search/search.html", context)


def _selected_label(results, facet, value):
    if results is not None:
        for facet_value in results.facets.get(facet, []):
            if facet_value.value == value:
                return facet_value.label
    return kind_label(value) if facet == "kind" else value


def _hit_context(hit):
    return {
        "hit": hit,
        "kind_label": kind_label(hit.kind),
        "document_url": hit.url.split("#", 1)[0] if hit.more_pages else "",
    }


def _json(query, results, messages, took_ms, links, overview):
    data = {
        "query": query.text,
        "filters": query.filters,
        "sort": query.sort,
        "page": query.page,
        "per_page": query.per_page,
        "total": results.total if results else 0,
        "took_ms": round(took_ms, 2),
        "did_you_mean": results.did_you_mean if results else None,
        "total_estimated": results.total_estimated if results else False,
        "facets_estimated": results.facets_estimated if results else False,
        "messages": [str(m) for m in messages],
        # the county or municipality the search text names, its overview page first
        "overview": [
            {"kind": place.kind, "name": place.title, "url": place.url} for place in overview
        ],
        "results": [],
        "facets": {},
    }
    if results is None:
        return data
    data["page"] = query.page
    data["results"] = [
        {
            "kind": hit.kind,
            "kind_label": kind_label(hit.kind),
            "title": hit.title,
            "url": hit.url,
            "snippet": hit.snippet,
            "date": hit.date.isoformat() if hit.date else None,
            "page_number": hit.page_number,
            "container_title": hit.container_title,
            "national": hit.national,
            "more_pages": hit.more_pages,
        }
        for hit in results.hits
    ]
    data["facets"] = {
        facet: [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
                "estimated": v.estimated,
                "href": links.href(facet, v.value),
            }
            for v in values
        ]
        for facet, values in results.facets.items()
        if values
    }
    return data


def suggestions(request):
    SearchPage("").declare(request)  # titles by prefix: any write may change them
    prefix = clean(request.GET.get("q", ""))[:100]
    hits = suggest_with_fallback(prefix, 8) if len(prefix) >= 2 else []
    return JsonResponse(
        {
            "query": prefix,
            "suggestions": [
                {
                    "title": hit.title,
                    "url": hit.url,
                    "kind": hit.kind,
                    "kind_label": kind_label(hit.kind),
                }
                for hit in hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
