"""The calendar as open data (/api/v1/evenemang/): public events (``public_events()``) with
their sessions. The link to an online meeting appears only where the event page shows it."""

import datetime

from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from portal.opendata.pagination import page_response
from portal.opendata.params import Params
from portal.opendata.schemas import PlaceOut, filter_schema, last_modified, page_of, page_url, place

from .models import EventOccurrence, EventPage, EventStatus
from .models.event import STOCKHOLM
from .queries import public_events

EVENT_FILTERS = ("lan", "kommun", "typ", "malgrupp", "amne", "form", "fran", "till")
EVENT_TYPES = {"planerad": EventStatus.SCHEDULED, "installd": EventStatus.CANCELLED}

router = Router(tags=["Kalender"])


class SessionOut(Schema):
    start: datetime.datetime
    end: datetime.datetime
    all_day: bool
    cancelled: bool
    note: str


class NamedOut(Schema):
    slug: str
    name: str


class EventOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    status: str
    cancellation_note: str
    format: str
    format_label: str
    venue: str
    address: str
    online_url: str
    organiser: str
    organiser_org_number: str | None = None
    audience: str
    language: str
    cost: str
    signup_on_portal: bool
    counties: list[PlaceOut]
    municipalities: list[PlaceOut]
    target_groups: list[NamedOut]
    topics: list[NamedOut]
    sessions: list[SessionOut]
    last_published_at: datetime.datetime | None = None


def event_params(query):
    return Params(query, EVENT_FILTERS, EVENT_TYPES)


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=STOCKHOLM)


def events(params, now=None):
    """Public events with a session between ``fran`` (default: now) and ``till``, soonest first."""
    now = now or timezone.now()
    sessions = EventOccurrence.objects.all()
    start = _day_start(params.get("fran")) if "fran" in params else now
    sessions = sessions.filter(end__gte=start)
    window = Q(occurrences__end__gte=start)
    if "till" in params:
        until = _day_start(params.get("till") + datetime.timedelta(days=1))
        sessions = sessions.filter(start__lt=until)
        window &= Q(occurrences__start__lt=until)
    queryset = public_events(now).filter(pk__in=sessions.values("page_id"))
    if "lan" in params:
        queryset = queryset.filter(
            pk__in=EventPage.counties.through.objects.filter(county__in=params.get("lan")).values(
                "eventpage_id"
            )
        )
    if "kommun" in params:
        queryset = queryset.filter(
            pk__in=EventPage.municipalities.through.objects.filter(
                municipality__in=params.get("kommun")
            ).values("eventpage_id")
        )
    if "malgrupp" in params:
        queryset = queryset.filter(
            pk__in=EventPage.target_groups.through.objects.filter(
                targetgroup__in=params.get("malgrupp")
            ).values("eventpage_id")
        )
    if "amne" in params:
        queryset = queryset.filter(
            pk__in=EventPage.tagged_items.rel.related_model.objects.filter(
                tag__slug__in=params.get("amne")
            ).values("content_object_id")
        )
    if "form" in params:
        queryset = queryset.filter(format__in=params.get("form"))
    if "typ" in params:
        queryset = queryset.filter(status__in=params.get("typ"))
    return queryset.annotate(next_start=Min("occurrences__start", filter=window)).order_by(
        "next_start", "pk"
    )


def event_details(queryset):
    return queryset.select_related("organiser_organisation").prefetch_related(
        "occurrences", "counties", "municipalities", "target_groups", "tagged_items__tag"
    )


def event_data(page, request=None):
    organisation = page.organiser_organisation
    return {
        "id": page.pk,
        "url": page_url(page, request),
        "title": page.title,
        "summary": page.summary,
        "status": page.status,
        "cancellation_note": page.cancellation_note if page.is_cancelled else "",
        "format": page.format,
        "format_label": str(page.get_format_display()),
        "venue": page.venue,
        "address": page.address,
        "online_url": page.public_online_url,
        "organiser": page.organiser_display,
        "organiser_org_number": organisation.org_number
        if organisation is not None and organisation.is_public
        else None,
        "audience": page.audience,
        "language": page.language,
        "cost": page.cost,
        "signup_on_portal": page.signup_enabled,
        "counties": [place(c) for c in page.counties.all()],
        "municipalities": [place(m) for m in page.municipalities.all()],
        "target_groups": [{"slug": g.slug, "name": g.name} for g in page.target_groups.all()],
        "topics": [{"slug": t.tag.slug, "name": t.tag.name} for t in page.tagged_items.all()],
        "sessions": [
            {
                "start": timezone.localtime(o.start, STOCKHOLM),
                "end": timezone.localtime(o.end, STOCKHOLM),
                "all_day": o.all_day,
                "cancelled": o.is_cancelled,
                "note": o.note,
            }
            for o in page.occurrence_list
        ],
        "last_published_at": page.last_published_at,
    }


@router.get(
    "/evenemang/",
    response=page_of(EventOut),
    url_name="events",
    summary="Evenemang i kalendern med sina tillfällen",
    description=(
        "Evenemang med något tillfälle från och med fran (standard: nu) till och med till. "
        "Filter: lan, kommun, malgrupp, amne, form (plats, online, hybrid), "
        "typ (planerad, installd)."
    ),
)
def list_events(
    request, response: HttpResponse, filters: Query[filter_schema("EventFilters", EVENT_FILTERS)]
):
    params = event_params(request.GET)
    return page_response(
        request,
        response,
        params,
        event_details(events(params)),
        lambda row: event_data(row, request),
        lambda row: row.last_published_at,
    )


@router.get("/evenemang/{event_id}/", response=EventOut, url_name="event")
def get_event(request, response: HttpResponse, event_id: int):
    page = event_details(public_events()).filter(pk=event_id).first()
    if page is None:
        raise HttpError(404, str(_("No public event has that id.")))
    last_modified(response, [page.last_published_at])
    return event_data(page, request)
