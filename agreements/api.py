"""The agreements register and the settlement quotas as open data (/api/v1/overenskommelser/,
/api/v1/kommuntal/) and as downloads. Visibility is the pages' own: live and public."""

import datetime

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from portal.opendata.pagination import page_response
from portal.opendata.params import STATUS, Params
from portal.opendata.schemas import PlaceOut, filter_schema, last_modified, page_of, page_url, place

from .models import AgreementPage, SettlementQuota, Status, status_for

AGREEMENT_FILTERS = ("lan", "kommun", "typ", "status", "ar")
AGREEMENT_TYPES = {"rok": AgreementPage.Kind.REGIONAL, "lok": AgreementPage.Kind.LOCAL}
QUOTA_FILTERS = ("lan", "kommun", "typ", "ar")
QUOTA_GROUPS = {group.value: group.value for group in SettlementQuota.Group}
STATUS_WORD = {value: word for word, value in STATUS.items()}

router = Router(tags=["Överenskommelser och kommuntal"])


# ---- agreements ------------------------------------------------------------------------------


class PartyOut(Schema):
    name: str
    kind: str
    municipality_code: str | None = None


class DocumentOut(Schema):
    title: str
    kind: str
    url: str
    file_type: str


class AgreementOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    type: str
    type_label: str
    status: str
    status_label: str
    valid_from: datetime.date
    valid_to: datetime.date
    adopted_on: datetime.date | None = None
    adopted_by: str
    county: PlaceOut | None = None
    municipalities: list[PlaceOut]
    parties: list[PartyOut]
    documents: list[DocumentOut]
    replaces: int | None = None
    last_published_at: datetime.datetime | None = None


def agreement_params(query):
    return Params(query, AGREEMENT_FILTERS, AGREEMENT_TYPES)


def agreements(params, today=None):
    """Live, public agreements narrowed by the filters; newest period first."""
    today = today or timezone.localdate()
    queryset = AgreementPage.objects.live().public()
    through = AgreementPage.municipalities.through
    if "typ" in params:
        queryset = queryset.filter(kind__in=params.get("typ"))
    if "status" in params:
        condition = Q()
        for status in params.get("status"):
            if status == Status.IN_FORCE:
                condition |= Q(valid_from__lte=today, valid_to__gte=today)
            elif status == Status.UPCOMING:
                condition |= Q(valid_from__gt=today)
            else:
                condition |= Q(valid_to__lt=today)
        queryset = queryset.filter(condition)
    if "lan" in params:
        counties = params.get("lan")
        queryset = queryset.filter(
            Q(county__in=counties)
            | Q(
                pk__in=through.objects.filter(municipality__county__in=counties).values(
                    "agreementpage_id"
                )
            )
        )
    if "kommun" in params:
        municipalities = params.get("kommun")
        queryset = queryset.filter(
            Q(
                pk__in=through.objects.filter(municipality__in=municipalities).values(
                    "agreementpage_id"
                )
            )
            | Q(
                kind=AgreementPage.Kind.REGIONAL,
                county_id__in={m.county_id for m in municipalities},
            )
        )
    if "ar" in params:
        condition = Q()
        for year in params.get("ar"):
            condition |= Q(valid_from__year__lte=year, valid_to__year__gte=year)
        queryset = queryset.filter(condition)
    return queryset.order_by("-valid_from", "pk")


def with_details(queryset):
    return queryset.select_related("county").prefetch_related(
        "municipalities", "parties__municipality", "documents__document"
    )


def agreement_data(page, request=None, today=None):
    status = status_for(page.valid_from, page.valid_to, today)
    return {
        "id": page.pk,
        "url": page_url(page, request),
        "title": page.title,
        "summary": page.summary,
        "type": page.kind,
        "type_label": str(page.get_kind_display()),
        "status": STATUS_WORD[status],
        "status_label": str(Status(status).label),
        "valid_from": page.valid_from,
        "valid_to": page.valid_to,
        "adopted_on": page.adopted_on,
        "adopted_by": page.adopted_by,
        "county": place(page.county),
        "municipalities": [place(m) for m in page.municipalities.all()],
        "parties": [
            {
                "name": party.name,
                "kind": party.kind,
                "municipality_code": party.municipality.code if party.municipality else None,
            }
            for party in page.parties.all()
        ],
        "documents": [
            {
                "title": item.link_text,
                "kind": item.kind,
                "url": _document_url(item.document),
                "file_type": item.file_type,
            }
            for item in page.documents.all()
        ],
        "replaces": page.replaces_id,
        "last_published_at": page.last_published_at,
    }


def _document_url(document):
    from portal.emails import absolute_url

    return absolute_url(document.url)


AGREEMENT_CSV_HEADER = [
    _("Id"),
    _("Title"),
    _("Type"),
    _("Status"),
    _("County"),
    _("Municipalities"),
    _("Valid from"),
    _("Valid to"),
    _("Adopted on"),
    _("Adopted by"),
    _("Parties"),
    _("Web address"),
]


def agreement_csv_row(data):
    return [
        data["id"],
        data["title"],
        data["type_label"],
        data["status_label"],
        data["county"]["name"] if data["county"] else "",
        ", ".join(m["name"] for m in data["municipalities"]),
        data["valid_from"],
        data["valid_to"],
        data["adopted_on"] or "",
        data["adopted_by"],
        ", ".join(p["name"] for p in data["parties"]),
        data["url"],
    ]


@router.get(
    "/overenskommelser/",
    response=page_of(AgreementOut),
    url_name="agreements",
    summary="Regionala (RÖK) och lokala (LÖK) överenskommelser",
    description=(
        "Filter: lan, kommun, typ (rok, lok), status (galler, kommande, upphort), ar. "
        "En kommun ger dess LÖK och länets RÖK."
    ),
)
def list_agreements(
    request,
    response: HttpResponse,
    filters: Query[filter_schema("AgreementFilters", AGREEMENT_FILTERS)],
):
    params = agreement_params(request.GET)
    today = timezone.localdate()
    return page_response(
        request,
        response,
        params,
        with_details(agreements(params, today)),
        lambda row: agreement_data(row, request, today),
        lambda row: row.last_published_at,
    )


@router.get("/overenskommelser/{agreement_id}/", response=AgreementOut, url_name="agreement")
def get_agreement(request, response: HttpResponse, agreement_id: int):
    page = with_details(AgreementPage.objects.live().public()).filter(pk=agreement_id).first()
    if page is None:
        raise HttpError(404, str(_("No public agreement has that id.")))
    last_modified(response, [page.last_published_at])
    return agreement_data(page, request)


# ---- settlement quotas -------------------------------------------------------------------


class QuotaOut(Schema):
    year: int
    group: str
    group_label: str
    number: int
    municipality: PlaceOut
    county: PlaceOut
    is_demo: bool
    note: str


def quota_params(query):
    return Params(query, QUOTA_FILTERS, QUOTA_GROUPS)


def quotas(params):
    queryset = SettlementQuota.objects.select_related("municipality__county")
    if "lan" in params:
        queryset = queryset.filter(municipality__county__in=params.get("lan"))
    if "kommun" in params:
        queryset = queryset.filter(municipality__in=params.get("kommun"))
    if "typ" in params:
        queryset = queryset.filter(group__in=params.get("typ"))
    if "ar" in params:
        queryset = queryset.filter(year__in=params.get("ar"))
    return queryset.order_by("-year", "municipality__code", "group", "pk")


def quota_data(quota):
    return {
        "year": quota.year,
        "group": quota.group,
        "group_label": str(quota.get_group_display()),
        "number": quota.number,
        "municipality": place(quota.municipality),
        "county": place(quota.municipality.county),
        "is_demo": quota.is_demo,
        "note": quota.note,
    }


QUOTA_CSV_HEADER = [
    _("Year"),
    _("County code"),
    _("County"),
    _("Municipality code"),
    _("Municipality"),
    _("Group"),
    _("Number"),
    _("Demo data"),
    _("Note"),
]


def quota_csv_row(data):
    return [
        data["year"],
        data["county"]["code"],
        data["county"]["name"],
        data["municipality"]["code"],
        data["municipality"]["name"],
        data["group_label"],
        data["number"],
        _("yes") if data["is_demo"] else "",
        data["note"],
    ]


@router.get(
    "/kommuntal/",
    response=page_of(QuotaOut),
    url_name="quotas",
    summary="Kommuntal: anvisningar per kommun, år och grupp",
    description="Filter: lan, kommun, ar, typ (kvotflyktingar, ukraina, ovriga).",
)
def list_quotas(
    request, response: HttpResponse, filters: Query[filter_schema("QuotaFilters", QUOTA_FILTERS)]
):
    params = quota_params(request.GET)
    return page_response(request, response, params, quotas(params), quota_data)
