"""/sok/'s address in the site's one filter vocabulary, and the places a search text names.

The backends filter on their own facet names with SCB codes (``FACETS`` in
``search.backends.base``: ``county=20``); addresses use the site's words and slugs
(``lan=dalarna``, ``kommun=leksand``, ``typ``, ``ar``, ``malgrupp``, ``amne``, ``sida``,
``sortera``: DESIGN.md, "One filter vocabulary everywhere"). Only the view translates between
the two, with the lookups here: each is one query at most (a UNION of counties and
municipalities), whatever the size of the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from portal.opendata.params import NATIONAL_SLUG

from .backends.base import FACETS, NATIONAL
from .query import fold

# the address's name of each facet
PARAMS = {
    "kind": "typ",
    "county": "lan",
    "municipality": "kommun",
    "year": "ar",
    "target_group": "malgrupp",
    "tag": "amne",
}
PAGE = "sida"
SORT = "sortera"
SORTS = {"relevans": "relevance", "datum": "date"}
SORT_KEYS = {value: key for key, value in SORTS.items()}

# what may follow a place's name: "Leksands kommun", "Stockholms stad", "Dalarnas län"
SUFFIXES = {"kommun": "municipality", "stad": "municipality", "lan": "county"}
# a name is letters, joined by single spaces or hyphens ("Upplands Väsby", "Malung-Sälen")
NAME = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+){0,4}$")
MAX_NAME_LENGTH = 60


@dataclass(frozen=True)
class Place:
    kind: str  # "county" or "municipality"
    code: str
    slug: str
    name: str  # "Leksand", "Dalarna"
    title: str  # as shown: "Leksand", "Dalarnas län"

    @property
    def url(self):
        if self.kind == "county":
            return reverse("county_overview", args=[self.slug])
        return reverse("municipality_overview", args=[self.slug])


def places(county_codes=(), municipality_codes=(), names=None):
    """Counties and municipalities by code, and those a ``PlaceNames`` may mean, in one query.

    Municipality slugs that fold onto another name carry their county's slug (Håbo is
    ``habo-uppsala`` beside Habo's ``habo``), so a name's slug is also looked for with a suffix.
    """
    from portal.models import County, Municipality

    county_q, municipality_q = Q(), Q()
    if county_codes:
        county_q |= Q(code__in=sorted(set(county_codes)))
    if municipality_codes:
        municipality_q |= Q(code__in=sorted(set(municipality_codes)))
    if names:
        slugs = sorted(names.slugs)
        if names.kind in (None, "county"):
            county_q |= Q(slug__in=slugs)
        if names.kind in (None, "municipality"):
            municipality_q |= Q(slug__in=slugs)
            for slug in slugs:
                municipality_q |= Q(slug__startswith=f"{slug}-")
    # the same four columns from both tables; the code's length tells them apart
    querysets = []
    if county_q:
        querysets.append(
            County.objects.filter(county_q)
            .order_by()
            .values_list("code", "slug", "name", "full_name")
        )
    if municipality_q:
        querysets.append(
            Municipality.objects.filter(municipality_q)
            .order_by()
            .values_list("code", "slug", "name", "name")
        )
    if not querysets:
        return []
    rows = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    found = {}
    for code, slug, name, title in rows:
        kind = "county" if len(code) == 2 else "municipality"
        found[kind, code] = Place(kind=kind, code=code, slug=slug, name=name, title=title)
    return list(found.values())


def slug_maps(found):
    """``{facet: {code: slug}}`` for the county and municipality facets."""
    maps = {"county": {NATIONAL: NATIONAL_SLUG}, "municipality": {}}
    for place in found:
        maps[place.kind][place.code] = place.slug
    return maps


def legacy_values(query):
    """The ``values`` for ``legacy_redirect``: county and municipality codes to slugs (the old
    addresses had codes, ``county=20``), the national code, and the old English sort keys."""
    codes = {
        value
        for key in ("county", "lan", "municipality", "kommun")
        for value in query.getlist(key)
        if value.isdigit() and value != NATIONAL
    }
    maps = slug_maps(
        places(
            county_codes=[code for code in codes if len(code) == 2],
            municipality_codes=[code for code in codes if len(code) == 4],
        )
        if codes
        else []
    )
    return {"lan": maps["county"], "kommun": maps["municipality"], SORT: SORT_KEYS}


@dataclass(frozen=True)
class PlaceNames:
    """What a search text may name: a kind of place (None for either) and its spellings."""

    kind: str | None
    names: tuple[str, ...]

    @property
    def slugs(self):
        return {slugify(name) for name in self.names}


def place_names(text):
    """The place names ``text`` may be, or None when it is free text.

    The whole text must be the name (any case, with or without å, ä, ö), optionally followed
    by "kommun"/"stad" (a municipality) or "län" (a county), before which a genitive s may
    stand: "Leksand", "rattvik", "Leksands kommun", "Dalarnas län". Anything more ("leksands
    kommun avtal") is a search for those words, not for the place.
    """
    text = " ".join((text or "").split()).lower()
    if not text or len(text) > MAX_NAME_LENGTH or not NAME.match(text):
        return None
    words = text.split(" ")
    suffix = fold(words[-1])
    if len(words) > 1 and suffix in SUFFIXES:
        name = " ".join(words[:-1])
        spellings = (name, name[:-1]) if name.endswith("s") else (name,)
        return PlaceNames(kind=SUFFIXES[suffix], names=spellings)
    return PlaceNames(kind=None, names=(text,))


def named_places(names, found):
    """The places in ``found`` that ``names`` names: spelt exactly (ignoring case) if any is,
    else with diacritics folded ("rattvik" → Rättvik; "habo" is Habo, "håbo" Håbo).
    Municipalities come before counties (Stockholm is both)."""
    if names is None:
        return []
    folded = {fold(name) for name in names.names}
    matches = []
    for place in found:
        plain = place.name.lower()
        if (names.kind in (None, place.kind)) and fold(plain) in folded:
            matches.append((place, plain in names.names))
    exact = [place for place, is_exact in matches if is_exact]
    chosen = exact or [place for place, _is_exact in matches]
    return sorted(chosen, key=lambda place: (place.kind != "municipality", place.name))


def url_pairs(text, filters, sort, slugs, page=None):
    """The address of a search in the vocabulary, as (name, value) pairs."""
    pairs = [("q", text)] if text else []
    for facet in FACETS:
        names = slugs.get(facet, {})
        for value in filters.get(facet, []):
            pairs.append((PARAMS[facet], names.get(value, value)))
    if sort != "relevance":
        pairs.append((SORT, SORT_KEYS.get(sort, sort)))
    if page and page > 1:
        pairs.append((PAGE, str(page)))
    return pairs
