"""/sok/: the search page, the same results as JSON, and title suggestions for the box.

All input is cleaned here before it reaches a backend: the query is cut at 200 characters,
filters must look like what they filter on, and page numbers are clamped.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .backends import search_with_fallback, suggest_with_fallback
from .backends.base import FACETS, SearchQuery
from .labels import FACET_LABELS, KIND_LABELS, kind_label
from .query import MAX_QUERY_LENGTH, clean, parse

MAX_PAGE = 10_000
MAX_FILTER_VALUES = 10

FILTER_PATTERNS = {
    "kind": re.compile(r"^[a-z_]{1,40}$"),
    "county": re.compile(r"^\d{2}$"),
    "municipality": re.compile(r"^\d{4}$"),
    "year": re.compile(r"^(19|20|21)\d{2}$"),
    "target_group": re.compile(r"^[-a-z0-9_]{1,60}$"),
    "tag": re.compile(r"^[^\x00-\x1f]{1,100}$"),
}


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
    filters = {}
    ignored = False
    for facet in FACETS:
        values = []
        for value in request.GET.getlist(facet)[:MAX_FILTER_VALUES]:
            value = clean(value)
            if not value:
                continue
            if not FILTER_PATTERNS[facet].match(value) or (
                facet == "kind" and value not in KIND_LABELS
            ):
                ignored = True
                continue
            if value not in values:
                values.append(value)
        if values:
            filters[facet] = values
    if ignored:
        messages.append(_("Some filters were not recognised and have been ignored."))
    sort = request.GET.get("sort")
    sort = sort if sort in {"relevance", "date"} else "relevance"
    try:
        page = int(request.GET.get("page", "1"))
    except (TypeError, ValueError):
        page = 1
    page = min(max(page, 1), MAX_PAGE)
    per_page = getattr(settings, "SEARCH_RESULTS_PER_PAGE", 20)
    return SearchQuery(
        text=text, filters=filters, sort=sort, page=page, per_page=per_page
    ), messages


def run_search(query):
    results = search_with_fallback(query)
    if not results.hits and results.total and query.page > 1:
        last = max(1, -(-results.total // query.per_page))
        if last != query.page:
            query.page = last
            results = search_with_fallback(query)
    return results


def _link(params, facet=None, value=None):
    """The query string with ``value`` toggled in ``facet`` and the page reset."""
    params = {k: list(v) for k, v in params.items() if k != "page"}
    if facet:
        current = params.get(facet, [])
        params[facet] = (
            [v for v in current if v != value] if value in current else current + [value]
        )
    pairs = [(k, v) for k, values in params.items() for v in values if v != ""]
    return "?" + urlencode(pairs)


def search(request):
    started = time.perf_counter()
    query, messages = parse_request(request)
    results = run_search(query) if query.text else None
    took_ms = (time.perf_counter() - started) * 1000
    if request.GET.get("format") == "json":
        return JsonResponse(
            _json(query, results, messages, took_ms), json_dumps_params={"ensure_ascii": False}
        )
    if request.GET.get("format") == "atom":
        from portal.opendata.views import search_feed

        return search_feed(request, query, results)

    params = {"q": [query.text]} if query.text else {}
    params.update(query.filters)
    if query.sort != "relevance":
        params["sort"] = [query.sort]
    facets = []
    page_obj = None
    if results is not None:
        for facet in FACETS:
            values = results.facets.get(facet, [])
            if not values:
                continue
            facets.append(
                {
                    "name": facet,
                    "label": FACET_LABELS[facet],
                    "values": [{"value": v, "href": _link(params, facet, v.value)} for v in values],
                }
            )
        page_obj = Paginator(_Sized(results.total), query.per_page).get_page(query.page)
    selected = [
        {
            "facet": FACET_LABELS[facet],
            "label": _selected_label(results, facet, value),
            "href": _link(params, facet, value),
        }
        for facet, values in query.filters.items()
        for value in values
    ]
    context = {
        "search_query": query.text,
        "query": query,
        "results": results,
        "hits": [_hit_context(hit) for hit in results.hits] if results else [],
        "facets": facets,
        "selected_filters": selected,
        "clear_filters_href": "?" + urlencode({"q": query.text}) if query.text else "?",
        "sort_links": {
            "relevance": _link({**params, "sort": []}),
            "date": _link({**params, "sort": ["date"]}),
        },
        "did_you_mean_href": "?" + urlencode({"q": results.did_you_mean})
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


def _json(query, results, messages, took_ms):
    data = {
        "query": query.text,
        "filters": query.filters,
        "sort": query.sort,
        "page": query.page,
        "per_page": query.per_page,
        "total": results.total if results else 0,
        "took_ms": round(took_ms, 2),
        "did_you_mean": results.did_you_mean if results else None,
        "facets_estimated": results.facets_estimated if results else False,
        "messages": [str(m) for m in messages],
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
            }
            for v in values
        ]
        for facet, values in results.facets.items()
        if values
    }
    return data


def suggestions(request):
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
