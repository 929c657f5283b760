"""How the calendar finds occurrences: one base queryset, filters from the URL, facet counts.

``public_events`` is the one definition of an event the public may see; the list, the month
grid, every feed, the filter options and the home section all start from it.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from portal.visibility import public_pages

from .models import EventOccurrence, EventPage, EventStatus
from .models.event import OccurrenceTimes


def public_events(now=None):
    """Events anyone may see: live, not behind a Wagtail view restriction (password, login or
    groups) on the page or any ancestor, and not past their expiry time."""
    return public_pages(EventPage.objects.all(), now=now)


def public_occurrences():
    return EventOccurrence.objects.filter(page__in=public_events())


def occurrences():
    """Occurrences of public events, with everything the list, grid and feed show prefetched."""
    return (
        public_occurrences()
        .select_related("page", "page__ical_state", "page__organiser_organisation")
        .prefetch_related("page__occurrences", "page__municipalities", "page__tagged_items__tag")
    )


# What an item of the calendar list shows of its event (templates/events/includes/
# occurrence_item.html): not the body, search fields or other columns of the page row.
LIST_PAGE_FIELDS = (
    "page__title",
    "page__slug",
    "page__format",
    "page__venue",
    "page__summary",
    "page__status",
    "page__organiser_name",
    "page__organiser_organisation__name",
)


def occurrences_for_list():
    """Occurrences as the list shows them: the shown columns of the page only."""
    return (
        public_occurrences()
        .select_related("page", "page__organiser_organisation")
        .only("page_id", "start", "end", "all_day", "cancelled", "moved_from", *LIST_PAGE_FIELDS)
        .prefetch_related(
            Prefetch("page__occurrences", EventOccurrence.objects.only("page_id", "start")),
            "page__municipalities",
            "page__tagged_items__tag",
        )
    )


def occurrences_for_grid():
    """The month grid shows only time, title and cancellation: no places or topics."""
    return (
        public_occurrences()
        .select_related("page")
        .only(
            "page_id",
            "start",
            "end",
            "all_day",
            "cancelled",
            "page__title",
            "page__slug",
            "page__status",
        )
    )


class GridOccurrence(OccurrenceTimes):
    """One occurrence as the month grid shows it (time, title, cancellation), read as a row:
    a month holds hundreds, and a model instance with its page costs far more than the row."""

    __slots__ = ("page_id", "start", "end", "all_day", "is_cancelled", "title", "slug")

    FIELDS = ("page_id", "start", "end", "all_day", "cancelled", "page__status", "page__title")

    def __init__(self, page_id, start, end, all_day, cancelled, status, title, slug):
        self.page_id, self.start, self.end, self.all_day = page_id, start, end, all_day
        self.is_cancelled = cancelled or status == EventStatus.CANCELLED
        self.title, self.slug = title, slug


def grid_rows(queryset):
    """The occurrences of ``queryset`` (in its order) as ``GridOccurrence`` rows."""
    return [
        GridOccurrence(*row) for row in queryset.values_list(*GridOccurrence.FIELDS, "page__slug")
    ]


def upcoming(queryset=None, now=None):
    now = now or timezone.now()
    return (
        (queryset if queryset is not None else occurrences())
        .filter(end__gte=now)
        .order_by("start", "pk")
    )


def past(queryset=None, now=None):
    now = now or timezone.now()
    return (
        (queryset if queryset is not None else occurrences())
        .filter(end__lt=now)
        .order_by("-start", "-pk")
    )


def apply_filters(queryset, filters, skip=()):
    """Narrow occurrences by the cleaned filter values (see CalendarFilterForm)."""
    pages = EventPage.objects.all()
    narrowed = False
    if filters.get("lan") and "lan" not in skip:
        pages = pages.filter(counties=filters["lan"])
        narrowed = True
    if filters.get("kommun") and "kommun" not in skip:
        pages = pages.filter(municipalities=filters["kommun"])
        narrowed = True
    if filters.get("malgrupp") and "malgrupp" not in skip:
        pages = pages.filter(target_groups=filters["malgrupp"])
        narrowed = True
    if filters.get("amne") and "amne" not in skip:
        pages = pages.filter(tagged_items__tag__slug=filters["amne"])
        narrowed = True
    if narrowed:
        queryset = queryset.filter(page_id__in=pages.values("pk"))
    if filters.get("form") and "form" not in skip:
        queryset = queryset.filter(page__format=filters["form"])
    if filters.get("fran") and "fran" not in skip:
        queryset = queryset.filter(end__date__gte=filters["fran"])
    if filters.get("till") and "till" not in skip:
        queryset = queryset.filter(start__date__lte=filters["till"])
    return queryset


def feed_version(calendar_page):
    """(version, last change) of the events under ``calendar_page``, read from the database in
    one query so every process agrees on it: the last publish or unpublish (IcalState) and the
    number of events. Feeds are cached under it and answer Last-Modified from it."""
    from .ics import FALLBACK_STAMP

    row = EventPage.objects.child_of(calendar_page).aggregate(
        changed=Max("ical_state__changed_at"),
        published=Max("last_published_at"),
        count=Count("pk"),
    )
    last = max(stamp for stamp in (row["changed"], row["published"], FALLBACK_STAMP) if stamp)
    return (last.isoformat(), row["count"]), last


VERSION_KEY = "events:version"
FACET_TTL = 60


def content_version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_content_version():
    """Called when an event is published or unpublished: cached counts start afresh."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(kind, scope, filters, compute):
    """``compute()``, kept briefly per kind, scope and filter set under the calendar's content
    version (publish, unpublish, delete or move of any event starts afresh) and the current
    ten minutes (occurrences pass from upcoming to past as time goes)."""
    now = timezone.now()
    key_filters = sorted(
        (key, getattr(value, "pk", value).__str__()) for key, value in filters.items()
    )
    key = (
        f"events:{kind}:"
        + hashlib.sha256(
            repr((content_version(), scope, key_filters, now.strftime("%Y%m%d%H%M")[:-1])).encode()
        ).hexdigest()
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FACET_TTL)
    return value


def cached_facet_counts(base, filters, scope):
    """facet_counts, cached briefly per filter set; publishing an event clears it."""
    return cached("facets", scope, filters, lambda: facet_counts(base, filters))


def cached_count(queryset, filters, scope):
    """The number of occurrences a filtered list holds, kept like the facet counts."""
    return cached("count", scope, filters, queryset.count)


def cached_used_topics():
    """The topics some public event uses (the topic filter's options), kept like the counts."""
    from .forms import used_topics

    return cached("topics", "all", {}, used_topics)


def facet_counts(base, filters):
    """Occurrence counts per option of each filter, with the other filters applied."""

    def counted(facet, field):
        rows = (
            apply_filters(base, filters, skip={facet})
            .order_by()
            .values(field)
            .annotate(n=Count("pk", distinct=True))
        )
        return {row[field]: row["n"] for row in rows if row[field] is not None}

    return {
        "lan": counted("lan", "page__counties"),
        "kommun": counted("kommun", "page__municipalities"),
        "malgrupp": counted("malgrupp", "page__target_groups"),
        "amne": counted("amne", "page__tagged_items__tag__slug"),
        "form": counted("form", "page__format"),
    }
