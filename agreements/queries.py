"""Questions other parts of the site ask about agreements and quotas, e.g. the coming
municipality page (/kommuner/<slug>/): what is in force here, and what are the quotas."""

from django.db.models import Q
from django.utils import timezone

from portal.visibility import public_pages

from .models import AgreementPage, SettlementQuota


def agreements_in_force_for(municipality, today=None):
    """Live agreements in force today that cover the municipality: its LÖKs and the RÖK of
    its county. Two queries whatever the number of agreements (one, plus the prefetch)."""
    today = today or timezone.localdate()
    return (
        public_pages(AgreementPage.objects.all())
        .filter(valid_from__lte=today, valid_to__gte=today)
        .filter(
            Q(kind=AgreementPage.Kind.LOCAL, municipalities=municipality)
            | Q(kind=AgreementPage.Kind.REGIONAL, county_id=municipality.county_id)
        )
        .distinct()
        .select_related("county")
        .order_by("kind", "-valid_from")
    )


def quotas_for(municipality):
    """The municipality's settlement quotas, newest year first."""
    return SettlementQuota.objects.filter(municipality=municipality).order_by("-year", "group")
