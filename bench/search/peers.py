"""The peers /sok/ is compared against, answering the same queries with the same page size.

(a) naive: ``icontains`` on every word over the text columns, facet counts by GROUP BY on
    the matches' facet keys – what a site without a search index does.
(b) wagtail: Wagtail's own database search backend (the one serving the admin), over the
    same rows through a proxy model with ``search_fields``.
"""

import time

from django.db import connection
from django.db.models import Q
from django.http import JsonResponse

from wagtail.search import index

from search.models import SearchEntry
from search.query import clean, parse, words


class BenchEntry(index.Indexed, SearchEntry):
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    class Meta:
        proxy = True
        app_label = "search"


def _connect_wagtail_index():
    """Wagtail links indexed models to their index rows at start-up; this proxy is defined
    later (only in the benchmark), so it is linked here."""
    from django.apps import apps

    from modelsearch.abstract_models import TextIDGenericRelation

    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    if not any(f.name == "index_entries" for f in BenchEntry._meta.private_fields):
        TextIDGenericRelation(IndexEntry).contribute_to_class(BenchEntry, "index_entries")


_connect_wagtail_index()


def _filtered(request):
    queryset = SearchEntry.objects.all()
    for facet in ("kind", "county", "year"):
        value = request.GET.get(facet)
        if value and facet == "kind":
            queryset = queryset.filter(kind=value)
        elif value:
            queryset = queryset.filter(facet_keys__contains=f"{facet}={value}")
    return queryset


def _facets(queryset):
    """Facet counts by GROUP BY over every match's keys, as a site without an index would."""
    sql, params = queryset.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT k, COUNT(*) FROM search_searchentry e, "
            "unnest(string_to_array(e.facet_keys, E'\\x1f')) AS k "
            f"WHERE e.id IN ({sql}) GROUP BY k",
            params,
        )
        return cursor.fetchall()


def naive(request):
    started = time.perf_counter()
    parsed = parse(clean(request.GET.get("q", "")))
    queryset = _filtered(request)
    for clause in parsed.clauses:
        condition = Q()
        for alternative in clause:
            phrase = " ".join(alternative)
            condition |= (
                Q(title__icontains=phrase)
                | Q(summary__icontains=phrase)
                | Q(body__icontains=phrase)
            )
        queryset = queryset.filter(condition)
    for excluded in parsed.excluded:
        phrase = " ".join(excluded)
        queryset = queryset.exclude(Q(title__icontains=phrase) | Q(body__icontains=phrase))
    total = queryset.count()
    hits = list(queryset.order_by("-date").values("title", "url", "kind", "summary")[:20])
    facets = _facets(queryset)
    return JsonResponse(
        {
            "total": total,
            "results": hits,
            "facets": len(facets),
            "took_ms": (time.perf_counter() - started) * 1000,
        }
    )


def wagtail(request):
    from wagtail.search.backends import get_search_backend

    started = time.perf_counter()
    text = " ".join(words(clean(request.GET.get("q", ""))))
    queryset = BenchEntry.objects.all()
    kind = request.GET.get("kind")
    if kind:
        queryset = queryset.filter(kind=kind)
    results = get_search_backend("default").search(text, queryset)
    hits = [{"title": e.title, "url": e.url, "kind": e.kind} for e in results[:20]]
    total = results.count()
    return JsonResponse(
        {"total": total, "results": hits, "took_ms": (time.perf_counter() - started) * 1000}
    )
