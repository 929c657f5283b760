"""The directory's section on the home page: a few verified organisations and the counts."""

from .models import Activity, Organisation


def directory_for_home(request):
    organisations = list(
        Organisation.objects.public()
        .prefetch_related("municipalities")
        .order_by("-status_changed_at", "-pk")[:3]
    )
    return {
        "organisations": organisations,
        "organisation_count": Organisation.objects.public().count(),
        "activity_count": Activity.objects.public().count(),
    }
