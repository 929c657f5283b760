"""The home page's "latest agreements" section."""

from portal.visibility import public_pages

from .models import AgreementPage

HOME_LIMIT = 5


def latest_agreements_context(request):
    from .models import AgreementIndexPage

    agreements = list(
        public_pages(AgreementPage.objects.all())
        .select_related("county")
        .order_by("-first_published_at", "-id")[:HOME_LIMIT]
    )
    index = AgreementIndexPage.objects.live().first()
    return {"latest_agreements": agreements, "agreement_index": index}
