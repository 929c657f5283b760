"""How the directory becomes search documents: verified organisations and published activities.

Read by search/ at start-up. Visibility follows ``Organisation.objects.public()`` and
``Activity.objects.public()``: a pending or rejected organisation, a draft or withdrawn
activity, or an activity of an organisation that is no longer verified gives no document,
and an existing one is removed on the next save. Personal contact details are never indexed.
"""

from django.utils import timezone

from search.backends.base import SearchDocument
from search.indexing import watch
from search.registry import Source, register

from .models import Activity, Organisation


def _date(moment):
    return timezone.localtime(moment).date() if moment else None


@register
class OrganisationSource(Source):
    prefix = "organisation"
    model = Organisation

    def public_queryset(self):
        return Organisation.objects.public().prefetch_related(
            "municipalities__county", "target_groups", "areas"
        )

    def dependent_keys(self, organisation):
        """A verification change shows or hides every activity of the organisation too."""
        return [f"activity:{pk}" for pk in organisation.activities.values_list("pk", flat=True)]

    def documents(self, organisation):
        if not Organisation.objects.public().filter(pk=organisation.pk).exists():
            return []
        municipalities = list(organisation.municipalities.all())
        counties = list(dict.fromkeys(m.county.code for m in municipalities))
        areas = [tag.name for tag in organisation.areas.all()]
        return [
            SearchDocument(
                key=self.key(organisation),
                source=self.key(organisation),
                kind="organisation",
                title=organisation.name,
                url=organisation.get_absolute_url(),
                summary=organisation.city,
                body="\n".join([organisation.description, ", ".join(areas)]),
                date=_date(organisation.status_changed_at or organisation.created_at),
                county_codes=counties,
                municipality_codes=[m.code for m in municipalities],
                target_groups=[group.slug for group in organisation.target_groups.all()],
                tags=areas,
            )
        ]


@register
class ActivitySource(Source):
    prefix = "activity"
    model = Activity

    def public_queryset(self):
        return (
            Activity.objects.public()
            .select_related("organisation", "municipality__county")
            .prefetch_related("target_groups")
        )

    def documents(self, activity):
        if not Activity.objects.public().filter(pk=activity.pk).exists():
            return []
        municipality = activity.municipality
        return [
            SearchDocument(
                key=self.key(activity),
                source=self.key(activity),
                kind="activity",
                title=activity.title,
                url=activity.get_absolute_url(),
                summary=f"{activity.get_kind_display()} – {activity.organisation.name}",
                body="\n".join(
                    part
                    for part in [activity.description, activity.schedule_note, activity.address]
                    if part
                ),
                date=activity.start_date or _date(activity.created_at),
                county_codes=[municipality.county.code] if municipality else [],
                municipality_codes=[municipality.code] if municipality else [],
                target_groups=[group.slug for group in activity.target_groups.all()],
                tags=[str(activity.get_kind_display())],
            )
        ]


watch(Organisation)
watch(Activity)
