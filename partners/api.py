"""The directory as open data (/api/v1/organisationer/, /api/v1/aktiviteter/) and as
downloads: public organisations and activities (``public()``), public fields only. An
organisation's e-mail and phone appear only when the organisation chose to show them."""

import datetime

from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from portal.emails import absolute_url
from portal.opendata.pagination import page_response
from portal.opendata.params import Params
from portal.opendata.schemas import PlaceOut, filter_schema, last_modified, page_of, place

from .models import Activity, ActivityKind, LegalForm, Organisation, OrganisationArea

ORGANISATION_FILTERS = ("lan", "kommun", "typ", "malgrupp", "sprak", "amne")
ACTIVITY_FILTERS = ("lan", "kommun", "typ", "malgrupp", "sprak", "amne", "form")
ACTIVITY_KINDS = {kind.value: kind.value for kind in ActivityKind}
LEGAL_FORMS = {form.value: form.value for form in LegalForm}
ACTIVITY_FORMS = {"online": True, "onsite": False}

router = Router(tags=["Föreningar och aktiviteter"])


class NamedOut(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    org_number: str
    name: str
    slug: str
    url: str
    legal_form: str
    legal_form_label: str
    description: str
    website: str
    email: str
    phone: str
    street_address: str
    postal_code: str
    city: str
    municipalities: list[PlaceOut]
    target_groups: list[NamedOut]
    areas: list[NamedOut]
    languages: list[str]
    updated_at: datetime.datetime


class OrganisationRefOut(Schema):
    org_number: str
    name: str
    url: str


class ActivityOut(Schema):
    id: int
    url: str
    title: str
    kind: str
    kind_label: str
    description: str
    organisation: OrganisationRefOut
    weekdays: list[str]
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    schedule: str
    online: bool
    address: str
    municipality: PlaceOut | None = None
    county: PlaceOut | None = None
    target_groups: list[NamedOut]
    languages: list[str]
    cost: str
    contact: str
    updated_at: datetime.datetime


def _speaking(codes):
    """Any of ``codes`` (languages are stored as " sv ar ", see LanguageCodesMixin)."""
    condition = Q()
    for code in codes:
        condition |= Q(language_codes__contains=f" {code} ")
    return condition


def _through():
    return Organisation.municipalities.through.objects


def organisation_params(query):
    return Params(query, ORGANISATION_FILTERS, {**ACTIVITY_KINDS})


def organisations(params):
    queryset = Organisation.objects.public()
    if "kommun" in params:
        queryset = queryset.filter(
            pk__in=_through()
            .filter(municipality__in=params.get("kommun"))
            .values("organisation_id")
        )
    if "lan" in params:
        queryset = queryset.filter(
            pk__in=_through()
            .filter(municipality__county__in=params.get("lan"))
            .values("organisation_id")
        )
    if "malgrupp" in params:
        queryset = queryset.filter(
            pk__in=Organisation.target_groups.through.objects.filter(
                targetgroup__in=params.get("malgrupp")
            ).values("organisation_id")
        )
    if "amne" in params:
        queryset = queryset.filter(
            pk__in=OrganisationArea.objects.filter(tag__slug__in=params.get("amne")).values(
                "content_object_id"
            )
        )
    if "sprak" in params:
        queryset = queryset.filter(_speaking(params.get("sprak")))
    if "typ" in params:
        queryset = queryset.filter(
            pk__in=Activity.objects.public()
            .filter(kind__in=params.get("typ"))
            .values("organisation_id")
        )
    return queryset.order_by("name", "pk")


def organisation_details(queryset):
    return queryset.prefetch_related(
        "municipalities",
        "target_groups",
        Prefetch("tagged_areas", queryset=OrganisationArea.objects.select_related("tag")),
    )


def organisation_data(organisation):
    return {
        "org_number": organisation.org_number,
        "name": organisation.name,
        "slug": organisation.slug,
        "url": absolute_url(organisation.get_absolute_url()),
        "legal_form": organisation.legal_form,
        "legal_form_label": str(organisation.get_legal_form_display()),
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email if organisation.email_public else "",
        "phone": organisation.phone if organisation.phone_public else "",
        "street_address": organisation.street_address,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "municipalities": [place(m) for m in organisation.municipalities.all()],
        "target_groups": [
            {"slug": g.slug, "name": g.name} for g in organisation.target_groups.all()
        ],
        "areas": [
            {"slug": item.tag.slug, "name": item.tag.name}
            for item in organisation.tagged_areas.all()
        ],
        "languages": organisation.languages,
        "updated_at": organisation.updated_at,
    }


ORGANISATION_CSV_HEADER = [
    _("Organisation number"),
    _("Name"),
    _("Legal form"),
    _("Municipalities"),
    _("Areas of work"),
    _("Target groups"),
    _("Languages"),
    _("Website"),
    _("E-mail"),
    _("Phone"),
    _("City"),
    _("Web address"),
]


def organisation_csv_row(data):
    return [
        data["org_number"],
        data["name"],
        data["legal_form_label"],
        ", ".join(m["name"] for m in data["municipalities"]),
        ", ".join(a["name"] for a in data["areas"]),
        ", ".join(g["name"] for g in data["target_groups"]),
        " ".join(data["languages"]),
        data["website"],
        data["email"],
        data["phone"],
        data["city"],
        data["url"],
    ]


@router.get(
    "/organisationer/",
    response=page_of(OrganisationOut),
    url_name="organisations",
    summary="Verifierade föreningar och organisationer",
    description=(
        "Filter: lan, kommun, malgrupp, sprak, amne (verksamhetsområde), typ (slag av aktivitet "
        "som organisationen har). Organisationsnumret är den stabila identifieraren."
    ),
)
def list_organisations(
    request,
    response: HttpResponse,
    filters: Query[filter_schema("OrganisationFilters", ORGANISATION_FILTERS)],
):
    params = organisation_params(request.GET)
    return page_response(
        request,
        response,
        params,
        organisation_details(organisations(params)),
        organisation_data,
        lambda row: row.updated_at,
    )


@router.get("/organisationer/{org_number}/", response=OrganisationOut, url_name="organisation")
def get_organisation(request, response: HttpResponse, org_number: str):
    organisation = (
        organisation_details(Organisation.objects.public())
        .filter(org_number=org_number[:20])
        .first()
    )
    if organisation is None:
        raise HttpError(404, str(_("No public organisation has that organisation number.")))
    last_modified(response, [organisation.updated_at])
    return organisation_data(organisation)


# ---- activities --------------------------------------------------------------------------


def activity_params(query):
    return Params(query, ACTIVITY_FILTERS, ACTIVITY_KINDS)


def activities(params):
    queryset = Activity.objects.public()
    if "kommun" in params:
        queryset = queryset.filter(municipality__in=params.get("kommun"))
    if "lan" in params:
        queryset = queryset.filter(municipality__county__in=params.get("lan"))
    if "typ" in params:
        queryset = queryset.filter(kind__in=params.get("typ"))
    if "malgrupp" in params:
        queryset = queryset.filter(
            pk__in=Activity.target_groups.through.objects.filter(
                targetgroup__in=params.get("malgrupp")
            ).values("activity_id")
        )
    if "amne" in params:
        queryset = queryset.filter(
            organisation_id__in=OrganisationArea.objects.filter(
                tag__slug__in=params.get("amne")
            ).values("content_object_id")
        )
    if "sprak" in params:
        queryset = queryset.filter(_speaking(params.get("sprak")))
    if "form" in params:
        forms = set(params.get("form"))
        if forms == {"online"}:
            queryset = queryset.filter(is_online=True)
        elif forms == {"onsite"}:
            queryset = queryset.filter(is_online=False)
    return queryset.order_by("title", "pk")


def activity_details(queryset):
    return queryset.select_related("organisation", "municipality__county").prefetch_related(
        "target_groups"
    )


def activity_data(activity):
    municipality = activity.municipality
    return {
        "id": activity.pk,
        "url": absolute_url(activity.get_absolute_url()),
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "description": activity.description,
        "organisation": {
            "org_number": activity.organisation.org_number,
            "name": activity.organisation.name,
            "url": absolute_url(activity.organisation.get_absolute_url()),
        },
        "weekdays": activity.weekdays,
        "start_time": activity.start_time,
        "end_time": activity.end_time,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "schedule": activity.schedule_text,
        "online": activity.is_online,
        "address": activity.address,
        "municipality": place(municipality),
        "county": place(municipality.county) if municipality else None,
        "target_groups": [{"slug": g.slug, "name": g.name} for g in activity.target_groups.all()],
        "languages": activity.languages,
        "cost": activity.cost,
        "contact": activity.contact,
        "updated_at": activity.updated_at,
    }


@router.get(
    "/aktiviteter/",
    response=page_of(ActivityOut),
    url_name="activities",
    summary="Aktiviteter hos verifierade föreningar",
    description=(
        "Filter: lan, kommun, typ (language_cafe, refugee_guide, mentoring, homework_help, "
        "digital_skills, labour_market, health, sports, other), malgrupp, sprak, amne, "
        "form (plats, online)."
    ),
)
def list_activities(
    request,
    response: HttpResponse,
    filters: Query[filter_schema("ActivityFilters", ACTIVITY_FILTERS)],
):
    params = activity_params(request.GET)
    return page_response(
        request,
        response,
        params,
        activity_details(activities(params)),
        activity_data,
        lambda row: row.updated_at,
    )


@router.get("/aktiviteter/{activity_id}/", response=ActivityOut, url_name="activity")
def get_activity(request, response: HttpResponse, activity_id: int):
    activity = activity_details(Activity.objects.public()).filter(pk=activity_id).first()
    if activity is None:
        raise HttpError(404, str(_("No public activity has that id.")))
    last_modified(response, [activity.updated_at])
    return activity_data(activity)
