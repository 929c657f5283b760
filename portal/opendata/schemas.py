"""Shapes the API shares: places with their official codes, and the page envelope."""

from functools import cache

from ninja import Schema
from pydantic import create_model

from portal.emails import absolute_url


class PlaceOut(Schema):
    """A county or municipality: SCB's code is the stable identifier."""

    code: str
    name: str
    slug: str


def place(obj):
    if obj is None:
        return None
    return {"code": obj.code, "name": obj.name, "slug": obj.slug}


def page_url(page, request=None):
    """A page's public URL on the portal's base URL (no query per page after the first)."""
    parts = page.get_url_parts(request)
    return absolute_url(parts[2]) if parts else ""


@cache
def page_of(item_schema):
    """The envelope every list answers with: counts, links and ``results``."""
    return create_model(
        f"{item_schema.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        pages=(int, ...),
        per_page=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        notices=(list[str], []),
        results=(list[item_schema], []),
    )


def last_modified(response, moments):
    """Set Last-Modified from the newest of ``moments`` (aware datetimes; None skipped)."""
    from django.utils.http import http_date

    moments = [m for m in moments if m is not None]
    if moments:
        response["Last-Modified"] = http_date(max(moments).timestamp())


PARAMETER_HELP = {
    "q": "Fritext.",
    "lan": "Län: slug (dalarna) eller SCB-kod (20). Upprepa för flera.",
    "kommun": "Kommun: slug (leksand) eller SCB-kod (2029). Upprepa för flera.",
    "typ": "Typ (se beskrivningen av anropet).",
    "status": "galler, kommande eller upphort.",
    "ar": "År, t.ex. 2026.",
    "malgrupp": "Målgrupp (slug).",
    "sprak": "Språk, ISO 639-kod (ar, so, uk…).",
    "amne": "Ämne eller verksamhetsområde (slug).",
    "form": "plats, online eller hybrid.",
    "fran": "Från och med datum (ÅÅÅÅ-MM-DD).",
    "till": "Till och med datum (ÅÅÅÅ-MM-DD).",
    "sida": "Sidnummer, från 1.",
    "per_sida": "Poster per sida, 1–100 (standard 20).",
}
LIST_PARAMETERS = {"lan", "kommun", "typ", "status", "ar", "malgrupp", "sprak", "amne", "form"}


@cache
def filter_schema(name, names):
    """A Query schema documenting ``names`` for OpenAPI. Every field is text: the values are
    read and cleaned by portal.opendata.params, so junk gets a notice, not a 422."""
    from pydantic import Field

    fields = {}
    for param in (*names, "sida", "per_sida"):
        if param in LIST_PARAMETERS:
            fields[param] = (list[str], Field([], description=PARAMETER_HELP[param]))
        else:
            fields[param] = (str | None, Field(None, description=PARAMETER_HELP[param]))
    return create_model(name, __base__=Schema, **fields)
