"""How the calendar finds occurrences: one base queryset, filters from the URL, facet counts.

``public_events`` is the one definition of an event the public may see; the list, the month
grid, every feed, the filter options and the home section all start from it.
"""

import hashlib
import secrets
from types import SimpleNamespace
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.page_cache import now_and_after_commit
from portal.visibility import public_pages

from .models import EventFormat, EventOccurrence, EventPage, EventStatus, EventTopic, IcalState
from .models.event import STOCKHOLM, OccurrenceTimes


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


def occurrences_for_list():
    """Occurrences as the list filters and counts them; ``list_rows`` reads one page of them."""
    return public_occurrences()


class ListOccurrence(OccurrenceTimes):
    """One occurrence as a card of the calendar list shows it (events_tags.occurrence_card):
    its times, the event's shown columns, its place in a course, municipalities and topics.
    Read as rows: model instances of the occurrence, its page and their relations cost several
    times more than the card itself."""

    FIELDS = (
        "pk",
        "page_id",
        "start",
        "end",
        "all_day",
        "cancelled",
        "moved_from",
        "page__title",
        "page__slug",
        "page__format",
        "page__venue",
        "page__summary",
        "page__status",
        "page__organiser_name",
        "page__organiser_organisation__name",
    )

    def __init__(self, row, positions, municipalities, topics):
        (
            self.pk,
            self.page_id,
            self.start,
            self.end,
            self.all_day,
            cancelled,
            self.moved_from,
            self.title,
            self.slug,
            event_format,
            self.venue,
            self.summary,
            status,
            organiser_name,
            organisation_name,
        ) = row
        self.is_cancelled = cancelled or status == EventStatus.CANCELLED
        self.format_display = str(FORMAT_LABELS.get(event_format, event_format))
        self.organiser_display = (
            organisation_name if organisation_name is not None else organiser_name
        )
        sessions = positions.get(self.page_id, [])
        self.position = (sessions.index(self.pk) + 1 if self.pk in sessions else 1, len(sessions))
        self.municipalities = municipalities.get(self.page_id, [])
        self.topics = topics.get(self.page_id, [])


FORMAT_LABELS = dict(EventFormat.choices)


class Place(NamedTuple):
    """A municipality as a card names it: enough for ``{% municipality_link %}``."""

    name: str
    slug: str


def list_rows(queryset):
    """The occurrences of ``queryset`` (one page of the list, in its order) as
    ``ListOccurrence`` rows: four queries whatever the page holds."""
    rows = list(queryset.values_list(*ListOccurrence.FIELDS))
    page_ids = {row[1] for row in rows}
    positions, municipalities, topics = {}, {}, {}
    if page_ids:
        # in time order, sessions at the same time in the editor's order (EventPage.occurrence_list)
        sessions = EventOccurrence.objects.filter(page_id__in=page_ids).values_list(
            "page_id", "pk", "start"
        )
        for page_id, pk, _start in sorted(sessions, key=lambda session: session[2]):
            positions.setdefault(page_id, []).append(pk)
        places = (
            EventPage.municipalities.through.objects.filter(eventpage_id__in=page_ids)
            .order_by("municipality__name", "municipality_id")
            .values_list("eventpage_id", "municipality__name", "municipality__slug")
        )
        for page_id, name, slug in places:
            municipalities.setdefault(page_id, []).append(Place(name, slug))
        names = (
            EventTopic.objects.filter(content_object_id__in=page_ids)
            .order_by("pk")
            .values_list("content_object_id", "tag__name")
        )
        for page_id, name in names:
            topics.setdefault(page_id, []).append(name)
    return [ListOccurrence(row, positions, municipalities, topics) for row in rows]


def list_rows_of(pks):
    """``list_rows`` of the occurrences with these ids (a list page's, already filtered and
    ordered): read by id, the filters are not run a second time."""
    return list_rows(EventOccurrence.objects.filter(pk__in=pks)) if pks else []


class FeedPage:
    """An event page as the calendar feed writes it (events.ics.feed_calendar), read as a row of
    the columns its VEVENTs use: a model instance of every page and its relations cost more than
    writing the lines. The model's own definitions say what the columns mean."""

    FIELDS = (
        "title",
        "slug",
        "status",
        "cancellation_note",
        "summary",
        "organiser_name",
        "organiser_organisation_id",
        "organiser_organisation__name",
        "online_url",
        "signup_enabled",
        "online_url_participants_only",
        "venue",
        "address",
        "format",
        "ical_state__sequence",
    )

    is_cancelled = EventPage.is_cancelled
    online_url_is_private = EventPage.online_url_is_private
    public_online_url = EventPage.public_online_url
    organiser_display = EventPage.organiser_display

    def __init__(self, pk, row):
        self.pk = pk
        self.row = row
        (
            self.title,
            self.slug,
            self.status,
            self.cancellation_note,
            self.summary,
            self.organiser_name,
            self.organiser_organisation_id,
            organisation_name,
            self.online_url,
            self.signup_enabled,
            self.online_url_participants_only,
            self.venue,
            self.address,
            self.format,
            sequence,
            changed,
        ) = row
        self.organiser_organisation = SimpleNamespace(name=organisation_name)
        # the last change as ics.last_change reads it: the IcalState's or the last publish
        self.last_published_at, self.first_published_at = changed, None
        self.ical_state = (
            None if sequence is None else SimpleNamespace(sequence=sequence, changed_at=changed)
        )
        self.occurrence_list = []  # every session, in time order (EventPage.occurrence_list)
        self.sessions = []

    def fingerprint(self):
        """Everything the page's VEVENTs are written from: its columns and all its sessions
        (their times, cancellations and numbering). Equal fingerprints, equal bytes."""
        return (self.pk, self.row, self.sessions)


class FeedOccurrence(OccurrenceTimes):
    """One session of a ``FeedPage``, as the feed writes it."""

    is_cancelled = EventOccurrence.is_cancelled
    ics_uid = EventOccurrence.ics_uid

    def __init__(self, row, page):
        self.pk, self.page_id, self.start, self.end, self.all_day, self.cancelled = row
        self.page = page


def feed_rows(queryset):
    """The occurrences of ``queryset`` (the feed, in its order) as their ids, and their events as
    ``{page id: FeedPage}`` with every session of each (a course is numbered among all its
    parts, past ones too): two queries however many events the feed holds."""
    rows = list(
        queryset.values_list(
            "pk",
            "page_id",
            *(f"page__{field}" for field in FeedPage.FIELDS),
            # one time instead of three (ics.last_change)
            Coalesce(
                "page__ical_state__changed_at",
                "page__last_published_at",
                "page__first_published_at",
            ),
        )
    )
    pages = {}
    for row in rows:
        if row[1] not in pages:
            pages[row[1]] = FeedPage(row[1], row[2:])
    if pages:
        # in time order, sessions at the same time in the editor's order (EventPage.occurrence_list)
        sessions = (
            EventOccurrence.objects.filter(page_id__in=list(pages))
            .order_by("sort_order", "pk")
            .values_list("pk", "page_id", "start", "end", "all_day", "cancelled")
        )
        for session in sorted(sessions, key=lambda session: session[2]):
            page = pages[session[1]]
            page.sessions.append(session)
            page.occurrence_list.append(FeedOccurrence(session, page))
    return [row[0] for row in rows], pages


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

    # local_start and local_end are worked out once (OccurrenceTimes reads them several times)
    __slots__ = (
        "page_id",
        "start",
        "end",
        "all_day",
        "is_cancelled",
        "title",
        "slug",
        "local_start",
        "local_end",
    )

    FIELDS = ("page_id", "start", "end", "all_day", "cancelled", "page__status", "page__title")

    def __init__(self, page_id, start, end, all_day, cancelled, status, title, slug):
        self.page_id, self.start, self.end, self.all_day = page_id, start, end, all_day
        self.local_start = timezone.localtime(start, STOCKHOLM)
        self.local_end = timezone.localtime(end, STOCKHOLM)
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


def _bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def bump_content_version():
    """Called when an event is published or unpublished: cached counts start afresh, now and
    again once the transaction has committed."""
    now_and_after_commit(_bump_version)


MONTH_VERSION_KEY = "events:month-version:{year}-{month}"


def month_version(year, month):
    """The month grid's own version beside the content version: a change that shows only in
    the grid of the event's months (a new title) gives those months a new one."""
    return cache.get_or_set(
        MONTH_VERSION_KEY.format(year=year, month=month), lambda: secrets.token_hex(8), None
    )


def bump_month_versions(months):
    def bump():
        cache.set_many(
            {
                MONTH_VERSION_KEY.format(year=year, month=month): secrets.token_hex(8)
                for year, month in months
            },
            None,
        )

    if months:
        now_and_after_commit(bump)


def facts_of(page_id):
    """What decides where an event is counted, filtered and placed in the calendar: whether it
    is public, its sessions' times and cancellations, status, format, counties, municipalities,
    target groups and topics (not its title, texts or place names), as a digest."""
    page = EventPage.objects.filter(pk=page_id).values_list("status", "format", "path").first()
    if page is None:
        return None
    parts = [
        repr(page),
        repr(public_events().filter(pk=page_id).exists()),
        repr(
            sorted(
                EventOccurrence.objects.filter(page_id=page_id).values_list(
                    "start", "end", "all_day", "cancelled"
                )
            )
        ),
    ]
    for relation in ("counties", "municipalities", "target_groups", "tagged_items__tag__slug"):
        related = EventPage.objects.filter(pk=page_id).values_list(relation, flat=True)
        parts.append(repr(sorted(related, key=repr)))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def published(page):
    """Keep the calendar's kept parts right after ``page`` was published: a new content version
    when its facts (``facts_of``) changed or are not known, else new grid versions for the months
    it shows in (a new title or description leaves counts, filters and other months alone)."""
    facts = facts_of(page.pk)
    state = IcalState.objects.filter(page_id=page.pk)
    if facts is None or state.values_list("facts", flat=True).first() != facts:
        bump_content_version()
    else:
        bump_month_versions(
            {
                (day.year, day.month)
                for occurrence in page.occurrence_list
                for day in occurrence.local_dates()
            }
        )
    if facts is not None:
        state.update(facts=facts)


def cached(kind, scope, filters, compute, version=None):
    """``compute()``, kept briefly per kind, scope and filter set under the calendar's content
    version (publish, unpublish, delete or move of any event starts afresh) and the current
    ten minutes (occurrences pass from upcoming to past as time goes). ``version``: the content
    version the caller read once for all its kept values (one cache round trip fewer each)."""
    now = timezone.now()
    key_filters = sorted(
        (key, getattr(value, "pk", value).__str__()) for key, value in filters.items()
    )
    key = (
        f"events:{kind}:"
        + hashlib.sha256(
            repr(
                (
                    content_version() if version is None else version,
                    scope,
                    key_filters,
                    now.strftime("%Y%m%d%H%M")[:-1],
                )
            ).encode()
        ).hexdigest()
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FACET_TTL)
    return value


def cached_facet_counts(base, filters, scope, version=None):
    """facet_counts, cached briefly per filter set; publishing an event clears it."""
    return cached("facets", scope, filters, lambda: facet_counts(base, filters), version)


def cached_count(queryset, filters, scope, version=None):
    """The number of occurrences a filtered list holds, kept like the facet counts."""
    return cached("count", scope, filters, queryset.count, version)


def cached_used_topics(version=None):
    """The topics some public event uses (the topic filter's options), kept like the counts."""
    from .forms import used_topics

    return cached("topics", "all", {}, used_topics, version)


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
