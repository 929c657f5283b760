"""The public overview pages: /kommuner/<slug>/ for each municipality, /lan/<slug>/ for each
county, and /lan/ listing them all. What they show comes from the apps' registered sections
(see ``portal.overview``); the gaps from ``portal.gaps``."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .gaps import find_gaps, grouped
from .models import County, Municipality
from .overview import (
    NAME_SORT_KEY,
    Cell,
    Fragments,
    board_contact,
    collect_facts,
    county_columns,
    one_render,
    overview_sections,
    parse_sort,
    sort_rows,
)

EMPTY_CELL = Cell("–", None)


GAPS_TEMPLATE = "portal/overview/includes/gaps.html"
TABLE_TEMPLATE = "portal/overview/includes/county_table.html"


def _body(fragments, kind, place, args, facts, gap_filter):
    """The sections and the gaps, rendered: ``{"sections": [{"key", "html"}], "gaps": html,
    "gap_count": n}``."""
    sections = []
    for section in overview_sections():
        build = getattr(section, kind)
        if build is None:
            continue
        data = build(*args)
        if data is not None:
            html = fragments.render(
                section.template_name, {"data": data, "level": kind, "place": place}
            )
            sections.append({"key": section.key, "html": html})
    gaps = find_gaps(facts(), **gap_filter)
    gaps_html = fragments.render(GAPS_TEMPLATE, {"gap_groups": grouped(gaps), "level": kind})
    return {"sections": sections, "gaps": gaps_html, "gap_count": len(gaps)}


def _safe(body):
    """The kept HTML marked safe again (it was escaped when rendered)."""
    return {
        "sections": [
            {"key": section["key"], "html": mark_safe(section["html"])}  # noqa: S308
            for section in body["sections"]
        ],
        "gaps": mark_safe(body["gaps"]),  # noqa: S308
        "gap_count": body["gap_count"],
    }


def _county_municipalities(county):
    municipalities = list(Municipality.objects.filter(county=county).order_by("name"))
    for municipality in municipalities:
        municipality.county = county
    return municipalities


def municipality_overview(request, slug):
    municipality = get_object_or_404(
        Municipality.objects.select_related("county", "county__board_contact"), slug=slug
    )
    county = municipality.county
    today = timezone.localdate()
    neighbours = _county_municipalities(county)
    fragments = Fragments(request, today, ["body"])
    with one_render():
        body = fragments.get(
            "body",
            lambda: _body(
                fragments,
                "municipality",
                municipality,
                (municipality, today),
                lambda: collect_facts([county], today, municipalities=neighbours),
                {"municipality": municipality},
            ),
        )
    fragments.save()
    return render(
        request,
        "portal/overview/municipality.html",
        {
            "municipality": municipality,
            "county": county,
            "today": today,
            "body": _safe(body),
            "sections": body["sections"],
            "contact": board_contact(county),
            "neighbours": [m for m in neighbours if m.pk != municipality.pk],
        },
    )


def _sort_link(key, descending):
    query = QueryDict(mutable=True)
    if key != NAME_SORT_KEY or descending:
        query["sortera"] = f"-{key}" if descending else key
    return f"?{query.urlencode()}#kommuner" if query else "?#kommuner"


def _headers(columns, sort_key, descending):
    headers = []
    for key, label, numeric in [(NAME_SORT_KEY, _("Municipality"), False)] + [
        (c.key, c.label, c.numeric) for c in columns
    ]:
        active = key == sort_key
        # a second click on the sorted column turns the order round
        next_descending = (not descending) if active else numeric
        headers.append(
            {
                "key": key,
                "label": label,
                "numeric": numeric,
                "active": active,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "url": _sort_link(key, next_descending),
            }
        )
    return headers


def _county_table(fragments, county, municipalities, today, columns, sort_key, descending):
    """The table of the county's municipalities, sorted, rendered."""
    values = {column.key: column.values(county, municipalities, today) for column in columns}
    rows = []
    for municipality in municipalities:
        cells = {
            column.key: values[column.key].get(municipality.id, EMPTY_CELL) for column in columns
        }
        rows.append(
            {
                "municipality": municipality,
                "cells": cells,
                "cell_list": [(column, cells[column.key]) for column in columns],
            }
        )
    rows = sort_rows(rows, sort_key, descending)
    return fragments.render(
        TABLE_TEMPLATE,
        {
            "county": county,
            "today": today,
            "rows": rows,
            "headers": _headers(columns, sort_key, descending),
        },
    )


def county_overview(request, slug):
    county = get_object_or_404(County.objects.select_related("board_contact"), slug=slug)
    today = timezone.localdate()
    municipalities = _county_municipalities(county)
    columns = county_columns()
    requested = request.GET.get("sortera", "")
    sort_key, descending = parse_sort(requested, columns)
    sort_ignored = bool(requested) and requested.lstrip("-") != sort_key
    table_part = f"table:{'-' if descending else ''}{sort_key}"
    fragments = Fragments(request, today, ["body", table_part])
    with one_render():
        table = fragments.get(
            table_part,
            lambda: _county_table(
                fragments, county, municipalities, today, columns, sort_key, descending
            ),
        )
        body = fragments.get(
            "body",
            lambda: _body(
                fragments,
                "county",
                county,
                (county, municipalities, today),
                lambda: collect_facts([county], today, municipalities=municipalities),
                {},
            ),
        )
    fragments.save()
    return render(
        request,
        "portal/overview/county.html",
        {
            "county": county,
            "today": today,
            "municipality_count": len(municipalities),
            "table": mark_safe(table),  # noqa: S308
            "sort_ignored": sort_ignored,
            "body": _safe(body),
            "sections": body["sections"],
            "contact": board_contact(county),
        },
    )


def county_index(request):
    counties = list(County.objects.order_by("code"))
    by_county = {county.id: [] for county in counties}
    for municipality in Municipality.objects.order_by("name"):
        by_county[municipality.county_id].append(municipality)
    return render(
        request,
        "portal/overview/index.html",
        {"counties": [(county, by_county[county.id]) for county in counties]},
    )
