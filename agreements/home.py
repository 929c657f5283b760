"""The home page's "latest agreements" section."""

from portal.overview import kept_part
from portal.page_cache import page_path
from portal.visibility import public_pages

from .models import AgreementPage

HOME_LIMIT = 5
LATEST = "agreements:home-latest"


def _latest_ids():
    return list(
        public_pages(AgreementPage.objects.all())
        .order_by("-first_published_at", "-id")
        .values_list("pk", flat=True)[:HOME_LIMIT]
    )


def latest_agreements_context(request):
    from .models import AgreementIndexPage

    index = AgreementIndexPage.objects.live().first()
    path = page_path(index) if index else None
    # Which agreements, kept as a part of the register: a publish, unpublish, move or deletion
    # of an agreement purges the register's page above it, while the home page is purged by
    # every publish anywhere (sorting 1,000 agreements by date took 10 ms).
    ids = kept_part(request, LATEST, _latest_ids, path=path) if path else _latest_ids()
    # read through public_pages again: what the public may see is decided now, not when kept
    by_id = (
        public_pages(AgreementPage.objects.filter(pk__in=ids)).select_related("county").in_bulk()
    )
    agreements = [by_id[pk] for pk in ids if pk in by_id]
    return {"latest_agreements": agreements, "agreement_index": index}
