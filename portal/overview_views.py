"""The public overview pages: /kommuner/<slug>/ for each municipality, /lan/<slug>/ for each
county, and /lan/ listing them all. What they show comes from the apps' registered sections
(see ``portal.overview``); the gaps from ``portal.gaps``."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .gaps import find_gaps, grouped
from .models import County, Municipality
from .overview import (
    NAME_SORT_KEY,
    Cell,
    board_contact,
    collect_facts,
    county_columns,
    overview_sections,
    parse_sort,
    sort_rows,
)

EMPTY_CELL = Cell("–", None)


def _sections(kind, *args):
    sections = []
    for section in overview_sections():
        build = getattr(section, kind)
        if build is None:
            continue
        data = build(*args)
        if data is not None:
            sections.append({"key": section.key, "template": section.template_name, "data": data})
    return sections


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
    facts = collect_facts([county], today, municipalities=neighbours)
    gaps = find_gaps(facts, municipality=municipality)
    return render(
        request,
        "portal/overview/municipality.html",
        {
            "municipality": municipality,
            "county": county,
            "today": today,
            "sections": _sections("municipality", municipality, today),
            "gap_groups": grouped(gaps),
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


def county_overview(request, slug):
    county = get_object_or_404(County.objects.select_related("board_contact"), slug=slug)
    today = timezone.localdate()
    municipalities = _county_municipalities(county)
    columns = county_columns()
    requested = request.GET.get("sortera", "")
    sort_key, descending = parse_sort(requested, columns)
    sort_ignored = bool(requested) and requested.lstrip("-") != sort_key
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
    facts = collect_facts([county], today, municipalities=municipalities)
    gaps = find_gaps(facts)
    return render(
        request,
        "portal/overview/county.html",
        {
            "county": county,
            "today": today,
            "sections": _sections("county", county, municipalities, today),
            "rows": rows,
            "headers": _headers(columns, sort_key, descending),
            "sort_ignored": sort_ignored,
            "gap_groups": grouped(gaps),
            "gap_count": len(gaps),
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
