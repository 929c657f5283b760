"""What the directory adds to the municipality and county overviews, the gap rules' facts and
the staff queues. Registered in ``PartnersConfig.ready``; every function costs a fixed number
of queries and starts from the directory's own ``public()`` querysets."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.overview import (
    Cell,
    QueueItem,
    once,
    purge_overviews_on_change,
    register_county_column,
    register_fact_provider,
    register_overview_section,
    register_staff_queue,
)

from .models import Activity, ActivityKind, Organisation

ORGANISATIONS_SHOWN = 30
ACTIVITIES_SHOWN = 60
QUEUE_LIMIT = 200

# The kinds of activity whose absence is a gap where a municipality receives people this year.
WATCHED_KINDS = (ActivityKind.LANGUAGE_CAFE, ActivityKind.REFUGEE_GUIDE)


def _placed(municipality_ids):
    """Public activities in the municipalities."""
    return Activity.objects.public().filter(municipality_id__in=municipality_ids)


def _online(municipality_ids):
    """Public activities without a place (online) run by an organisation serving the
    municipalities; never overlaps ``_placed``."""
    return Activity.objects.public().filter(
        municipality__isnull=True, organisation__municipalities__in=municipality_ids
    )


def _by_kind(activities, counts):
    labels = dict(ActivityKind.choices)
    groups = {}
    for activity in activities:
        groups.setdefault(activity.kind, []).append(activity)
    order = list(labels)
    return [
        {
            "kind": kind,
            "label": labels.get(kind, kind),
            "count": counts.get(kind, 0),
            "activities": groups.get(kind, []),
        }
        for kind in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))
    ]


def _grouped(part, municipality_ids):
    """``{(municipality_id, kind): number}`` of the public activities in the municipalities
    (``part="placed"``) or online for them (``"online"``; one activity counts once in each
    municipality its organisation serves): one query per render, shared by the section, the
    county table and the gap facts."""

    def read():
        if part == "placed":
            rows = (
                _placed(municipality_ids)
                .order_by()
                .values_list("municipality_id", "kind")
                .annotate(n=Count("pk"))
            )
        else:
            rows = (
                _online(municipality_ids)
                .order_by()
                .values_list("organisation__municipalities", "kind")
                .annotate(n=Count("pk", distinct=True))
            )
        return {(municipality_id, kind): number for municipality_id, kind, number in rows}

    return once(("partners_activities", part, tuple(municipality_ids)), read)


def _sum_by(grouped, index):
    sums = {}
    for key, number in grouped.items():
        sums[key[index]] = sums.get(key[index], 0) + number
    return sums


def _kind_counts(municipality_ids):
    """Public activities per kind in the municipalities, placed or online, each counted once."""
    counts = _sum_by(_grouped("placed", municipality_ids), 1)
    if len(municipality_ids) == 1:
        online = _sum_by(_grouped("online", municipality_ids), 1)
    else:  # an online activity serving two of them counts once
        online = dict(
            _online(municipality_ids)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk", distinct=True))
        )
    for kind, number in online.items():
        counts[kind] = counts.get(kind, 0) + number
    return counts


def municipality_directory(municipality, today):
    organisations = list(
        Organisation.objects.public()
        .filter(municipalities=municipality)
        .order_by("name")
        .only("id", "name", "slug", "language_codes", "city")[: ORGANISATIONS_SHOWN + 1]
    )
    ids = [municipality.id]
    counts = _kind_counts(ids)
    activities = sorted(
        (
            activity
            for part in (_placed(ids), _online(ids))
            for activity in part.select_related("organisation", "municipality")
            .defer("description", "moderation_reason", "organisation__description")
            .order_by("kind", "title", "pk")
            .distinct()[:ACTIVITIES_SHOWN]
        ),
        key=lambda activity: (activity.kind, activity.title, activity.pk),
    )[:ACTIVITIES_SHOWN]
    return {
        "organisations": organisations[:ORGANISATIONS_SHOWN],
        "more_organisations": len(organisations) > ORGANISATIONS_SHOWN,
        "kinds": _by_kind(activities, counts),
        "activity_total": sum(counts.values()),
        "directory_url": reverse("partners:organisation_list") + f"?kommun={municipality.slug}",
        "activities_url": reverse("partners:activity_list") + f"?kommun={municipality.slug}",
    }


def county_directory(county, municipalities, today):
    ids = [m.id for m in municipalities]
    organisation_count = (
        Organisation.objects.public()
        .filter(municipalities__in=ids)
        .order_by()
        .values("pk")
        .distinct()
        .count()
    )
    counts = _kind_counts(ids)
    return {
        "organisation_count": organisation_count,
        "kinds": _by_kind([], counts),
        "activity_total": sum(counts.values()),
        "directory_url": reverse("partners:organisation_list") + f"?lan={county.slug}",
        "activities_url": reverse("partners:activity_list") + f"?lan={county.slug}",
        "county": county,
    }


def organisation_cells(county, municipalities, today):
    ids = [m.id for m in municipalities]
    counts = dict(
        Organisation.objects.public()
        .filter(municipalities__in=ids)
        .order_by()
        .values_list("municipalities")
        .annotate(n=Count("pk", distinct=True))
    )
    return {mid: Cell(str(counts.get(mid, 0)), counts.get(mid, 0)) for mid in ids}


def activity_cells(county, municipalities, today):
    ids = [m.id for m in municipalities]
    placed = _sum_by(_grouped("placed", ids), 0)
    online = _sum_by(_grouped("online", ids), 0)
    cells = {}
    for mid in ids:
        number = placed.get(mid, 0) + online.get(mid, 0)
        cells[mid] = Cell(str(number), number)
    return cells


def directory_facts(facts):
    """Which watched kinds of activity are run in each municipality."""
    ids = facts.municipality_ids
    facts.watched_activity_kinds.update({kind: kind.label for kind in WATCHED_KINDS})
    watched = {kind.value for kind in WATCHED_KINDS}
    for part in ("placed", "online"):
        for municipality_id, kind in _grouped(part, ids):
            if kind in watched:
                facts.activity_kinds.setdefault(municipality_id, set()).add(kind)


def organisations_to_verify(user):
    if not user.has_perm("partners.change_organisation"):
        return []
    organisations = (
        Organisation.objects.filter(
            Q(status=Organisation.Status.PENDING) | Q(review_requested_at__isnull=False)
        )
        .prefetch_related("municipalities")
        .order_by("created_at", "pk")[:QUEUE_LIMIT]
    )
    return [
        QueueItem(
            title=organisation.name,
            url=reverse("wagtailsnippets_partners_organisation:review", args=[organisation.pk]),
            county_ids=frozenset(m.county_id for m in organisation.municipalities.all()),
            since=organisation.review_requested_at or organisation.created_at,
            detail=str(
                _("New review requested")
                if organisation.review_requested_at
                else organisation.get_status_display()
            ),
        )
        for organisation in organisations
    ]


def activities_to_review(user):
    """Activities staff unpublished whose members ask for a new review."""
    if not user.has_perm("partners.change_activity"):
        return []
    activities = (
        Activity.objects.filter(review_requested_at__isnull=False)
        .select_related("organisation", "municipality")
        .prefetch_related("organisation__municipalities")
        .order_by("review_requested_at", "pk")[:QUEUE_LIMIT]
    )
    items = []
    for activity in activities:
        if activity.municipality_id:
            county_ids = {activity.municipality.county_id}
        else:
            county_ids = {m.county_id for m in activity.organisation.municipalities.all()}
        items.append(
            QueueItem(
                title=f"{activity.title} ({activity.organisation.name})",
                url=reverse("wagtailsnippets_partners_activity:edit", args=[activity.pk]),
                county_ids=frozenset(county_ids),
                since=activity.review_requested_at,
                detail=str(activity.moderation_reason)[:200],
            )
        )
    return items


def register():
    register_overview_section(
        "directory",
        "portal/overview/sections/directory.html",
        municipality=municipality_directory,
        county=county_directory,
        order=30,
    )
    register_county_column("foreningar", _("Organisations"), organisation_cells, order=30)
    register_county_column("aktiviteter", _("Activities"), activity_cells, order=40)
    register_fact_provider(directory_facts)
    purge_overviews_on_change(Organisation, Activity)
    register_staff_queue(
        "organisations_to_verify", _("Organisations to verify"), organisations_to_verify, order=10
    )
    register_staff_queue(
        "activities_to_review",
        _("Activities asking for a new review"),
        activities_to_review,
        order=20,
    )
