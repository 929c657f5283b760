"""What the public may see of Wagtail pages: one definition for every surface.

A page is public when it is live, not expired (also in the minutes before the scheduler has
unpublished it), not the tree root, and neither it nor an ancestor carries a view restriction
(password, login or groups). Lists, feeds, home sections, the sitemap, search, the API and
alerts all ask here; each app's own kinds (organisations, activities, documents) have their
``public()`` beside their model and build on this for pages.
"""

from django.db.models import Q
from django.utils import timezone

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, PageViewRestriction


def _ancestor_paths(path, steplen):
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def public_pages(queryset=None, now=None):
    """The pages of ``queryset`` (every page by default) that the public may see."""
    queryset = Page.objects.all() if queryset is None else queryset
    now = now or timezone.now()
    return (
        queryset.live()
        .public()
        .filter(depth__gt=1, expired=False)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )


def page_is_public(page, now=None):
    """The same rule for one page already loaded."""
    if not page.live or page.depth < 2 or getattr(page, "expired", False):
        return False
    expire_at = getattr(page, "expire_at", None)
    if expire_at is not None and expire_at <= (now or timezone.now()):
        return False
    return not PageViewRestriction.objects.filter(
        page__path__in=_ancestor_paths(page.path, Page.steplen)
    ).exists()


class PublicPageSitemap(Sitemap):
    """Wagtail's page sitemap, leaving out pages past their expiry time as well."""

    def items(self):
        return public_pages(super().items())
