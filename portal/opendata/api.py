"""/api/v1/: one read-only JSON API over the register, the quotas, the directory, the calendar,
geography and search, with its OpenAPI description at /api/v1/schema/.

Each app declares its endpoints in its own ``api.py`` from its own public querysets; this
module puts them together, adds geography and search, and answers errors as JSON with a clear
message (400 for input no answer can be given for, never 422 or 500).
"""

import json

from django.utils.translation import gettext as _

from ninja import NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from agreements.api import router as agreements_router
from events.api import router as events_router
from partners.api import router as partners_router
from portal.models import County, Municipality

from .pagination import paginate
from .params import BadRequest, Params
from .schemas import PlaceOut, filter_schema, page_of, place


class SwedishJSONRenderer(JSONRenderer):
    """å, ä and ö as they are, not as \\u escapes."""

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=self.encoder_class, ensure_ascii=False)


api = NinjaAPI(
    title="Samverkansportalens öppna data",
    version="1",
    description=(
        "Öppna data från Samverkansportalen: överenskommelser (RÖK och LÖK), kommuntal, "
        "föreningar och aktiviteter, evenemang, län och kommuner samt sökning. Data under "
        "CC0 1.0. Se /oppna-data/ för beskrivning och exempel."
    ),
    urls_namespace="api_v1",
    docs_url=None,
    openapi_url="/schema/",
    renderer=SwedishJSONRenderer(),
)


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    fields = sorted({str(error.get("loc", ["?"])[-1]) for error in exc.errors})
    message = _("These parameters have values that cannot be used: %(names)s.") % {
        "names": ", ".join(fields)
    }
    return api.create_response(request, {"detail": message}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


class IndexOut(Schema):
    name: str
    licence: str
    documentation: str
    schema_url: str
    endpoints: dict[str, str]


@api.get("/", response=IndexOut, url_name="index", tags=["Översikt"], summary="Vad API:et har")
def index(request):
    from portal.emails import absolute_url

    base = "/api/v1/"
    return {
        "name": "Samverkansportalen",
        "licence": "https://creativecommons.org/publicdomain/zero/1.0/",
        "documentation": absolute_url("/oppna-data/"),
        "schema_url": absolute_url(base + "schema/"),
        "endpoints": {
            name: absolute_url(base + path)
            for name, path in (
                ("agreements", "overenskommelser/"),
                ("quotas", "kommuntal/"),
                ("organisations", "organisationer/"),
                ("activities", "aktiviteter/"),
                ("events", "evenemang/"),
                ("counties", "lan/"),
                ("municipalities", "kommuner/"),
                ("search", "sok/"),
            )
        },
    }


geography = Router(tags=["Län och kommuner"])


class CountyOut(PlaceOut):
    full_name: str


class MunicipalityOut(PlaceOut):
    county: PlaceOut


@geography.get(
    "/lan/",
    response=page_of(CountyOut),
    url_name="counties",
    summary="Sveriges 21 län med SCB:s länskoder",
)
def list_counties(request, filters: Query[filter_schema("CountyFilters", ())]):
    params = Params(request.GET, ())
    rows, envelope = paginate(request, params, County.objects.order_by("code"))
    envelope["results"] = [{**place(c), "full_name": c.full_name} for c in rows]
    return envelope


@geography.get(
    "/kommuner/",
    response=page_of(MunicipalityOut),
    url_name="municipalities",
    summary="Sveriges 290 kommuner med SCB:s kommunkoder",
    description="Filter: lan.",
)
def list_municipalities(request, filters: Query[filter_schema("MunicipalityFilters", ("lan",))]):
    params = Params(request.GET, ("lan",))
    queryset = Municipality.objects.select_related("county").order_by("code")
    if "lan" in params:
        queryset = queryset.filter(county__in=params.get("lan"))
    rows, envelope = paginate(request, params, queryset)
    envelope["results"] = [{**place(m), "county": place(m.county)} for m in rows]
    return envelope


search = Router(tags=["Sök"])
SEARCH_FILTERS = ("q", "typ", "lan", "kommun", "ar", "malgrupp", "amne")


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str
    date: str | None = None
    page_number: int | None = None
    container_title: str


def search_query(params):
    """The search app's own query from the site's vocabulary (lan and kommun by their codes)."""
    from search.backends.base import SearchQuery

    filters = {}
    if "typ" in params:
        filters["kind"] = params.get("typ")
    if "lan" in params:
        filters["county"] = [c.code for c in params.get("lan")]
    if "kommun" in params:
        filters["municipality"] = [m.code for m in params.get("kommun")]
    if "ar" in params:
        filters["year"] = [str(y) for y in params.get("ar")]
    if "malgrupp" in params:
        filters["target_group"] = [g.slug for g in params.get("malgrupp")]
    if "amne" in params:
        filters["tag"] = params.get("amne")
    return SearchQuery(
        text=params.get("q", ""), filters=filters, page=params.page, per_page=params.per_page
    )


def search_params(query):
    from search.backends.base import NATIONAL
    from search.labels import KIND_LABELS

    return Params(query, SEARCH_FILTERS, {kind: kind for kind in KIND_LABELS}, national=NATIONAL)


@search.get(
    "/sok/",
    response=page_of(SearchHitOut),
    url_name="search",
    summary="Fritextsökning i hela portalen",
    description=(
        "Samma träffar som /sok/ på webbplatsen. q krävs. Filter: typ (agreement, "
        "local_agreement, regional_agreement, event, organisation, activity, document…), "
        "lan, kommun, ar, malgrupp, amne."
    ),
)
def search_endpoint(request, filters: Query[filter_schema("SearchFilters", SEARCH_FILTERS)]):
    from portal.emails import absolute_url
    from search.backends import search_with_fallback
    from search.labels import kind_label

    params = search_params(request.GET)
    query = search_query(params)
    if not query.text:
        raise BadRequest(_("Give a search text in “q”."))
    results = search_with_fallback(query)
    envelope = paginate(request, params, [], count=results.total)[1]
    envelope["results"] = [
        {
            "kind": hit.kind,
            "kind_label": kind_label(hit.kind),
            "title": hit.title,
            "url": absolute_url(hit.url),
            "snippet": hit.snippet,
            "date": hit.date.isoformat() if hit.date else None,
            "page_number": hit.page_number,
            "container_title": hit.container_title,
        }
        for hit in results.hits
    ]
    return envelope


api.add_router("", agreements_router)
api.add_router("", partners_router)
api.add_router("", events_router)
api.add_router("", geography)
api.add_router("", search)
