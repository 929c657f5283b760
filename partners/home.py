"""The directory's section on the home page: a few verified organisations and the counts."""

from portal.overview import kept_part

from .cache_purge import ACTIVITY_LIST
from .models import Activity, Organisation

COUNTS = "partners:home-counts"


def _counts():
    return {
        "organisation_count": Organisation.objects.public().count(),
        "activity_count": Activity.objects.public().count(),
    }


def directory_for_home(request):
    organisations = list(
        Organisation.objects.public()
        .prefetch_related("municipalities")
        .order_by("-status_changed_at", "-pk")[:3]
    )
    # Kept as a part of the activity list: every change that moves either count (a status, a
    # new or deleted organisation or activity, a moderation decision) purges that list, while
    # the home page itself is purged by every publish anywhere.
    counts = kept_part(request, COUNTS, _counts, path=ACTIVITY_LIST)
    return {"organisations": organisations, **counts}
