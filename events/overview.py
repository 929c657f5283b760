"""What the calendar adds to the municipality and county overviews and the staff queues.
Registered in ``EventsConfig.ready``; everything starts from ``queries.public_events()``, the
one definition of an event the public may see."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.overview import (
    Cell,
    QueueItem,
    live_public,
    once,
    page_url_function,
    purge_overviews_on_change,
    register_county_column,
    register_overview_section,
    register_staff_queue,
)

from . import queries
from .models import CalendarIndexPage, EventFormat, EventOccurrence, EventPage

EVENTS_SHOWN = 10
REMOTE_FORMATS = (EventFormat.ONLINE, EventFormat.HYBRID)


def _upcoming(page_sets, now):
    """The next occurrences of the pages in ``page_sets`` (each narrowed from
    ``queries.public_events``): one small query per set, then one for the occurrences."""
    page_ids = set()
    for pages in page_sets:
        page_ids.update(pages.values_list("pk", flat=True))
    occurrences = EventOccurrence.objects.filter(page_id__in=page_ids).select_related("page")
    return list(queries.upcoming(occurrences, now=now)[:EVENTS_SHOWN])


def _calendar_url():
    def read():
        url_path = live_public(CalendarIndexPage.objects.all()).values_list("url_path").first()
        return page_url_function()(url_path[0]) if url_path else ""

    return once("events_calendar_url", read)


def municipality_events(municipality, today):
    now = timezone.now()
    county = municipality.county_id
    public = queries.public_events(now)
    remote = public.filter(format__in=REMOTE_FORMATS)
    page_sets = [
        public.filter(municipalities=municipality),
        remote.filter(counties=county),
        remote.filter(municipalities__county=county),
    ]
    calendar_url = _calendar_url()
    return {
        "occurrences": _upcoming(page_sets, now),
        "calendar_url": f"{calendar_url}?kommun={municipality.slug}" if calendar_url else "",
    }


def county_events(county, municipalities, today):
    now = timezone.now()
    public = queries.public_events(now)
    page_sets = [public.filter(counties=county), public.filter(municipalities__county=county)]
    calendar_url = _calendar_url()
    return {
        "occurrences": _upcoming(page_sets, now),
        "calendar_url": f"{calendar_url}?lan={county.slug}" if calendar_url else "",
    }


def event_cells(county, municipalities, today):
    ids = [m.id for m in municipalities]
    upcoming = EventOccurrence.objects.filter(end__gte=timezone.now()).values("page_id")
    counts = dict(
        queries.public_events()
        .filter(municipalities__in=ids, pk__in=upcoming)
        .order_by()
        .values_list("municipalities")
        .annotate(n=Count("pk", distinct=True))
    )
    return {mid: Cell(str(counts.get(mid, 0)), counts.get(mid, 0)) for mid in ids}


def proposals_to_review(user):
    from portal.overview_queues import pages_awaiting_review

    items = []
    for page, since in pages_awaiting_review(
        user, EventPage, prefetch_related=["municipalities", "counties"]
    ):
        county_ids = {c.id for c in page.counties.all()}
        county_ids |= {m.county_id for m in page.municipalities.all()}
        items.append(
            QueueItem(
                title=page.get_admin_display_title(),
                url=reverse("wagtailadmin_pages:edit", args=[page.id]),
                county_ids=frozenset(county_ids),
                since=since,
                detail=page.organiser_name,
            )
        )
    return items


def register():
    register_overview_section(
        "events",
        "portal/overview/sections/events.html",
        municipality=municipality_events,
        county=county_events,
        order=40,
    )
    purge_overviews_on_change(EventPage)
    register_county_column("evenemang", _("Upcoming events"), event_cells, order=50)
    register_staff_queue(
        "event_proposals", _("Proposed events to review"), proposals_to_review, order=30
    )
