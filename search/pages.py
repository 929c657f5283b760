"""The page source: every live, public Wagtail page becomes one document."""

from __future__ import annotations

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from .backends.base import SearchDocument
from .registry import Source, page_converter, register, searchable_text


def local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def page_is_public(page) -> bool:
    """Live, not the tree root, reachable on a site, and no view restriction on the way."""
    if not page.live or page.depth < 2 or getattr(page, "expired", False):
        return False
    return not PageViewRestriction.objects.filter(
        page__path__in=[
            page.path[:i] for i in range(Page.steplen, len(page.path) + 1, Page.steplen)
        ]
    ).exists()


@register
class PageSource(Source):
    prefix = "page"
    model = Page
    chunk_size = 100

    def queryset_all(self):
        return Page.objects.all()

    def get(self, pk):
        page = Page.objects.filter(pk=pk).first()
        return page.specific if page is not None else None

    def public_queryset(self):
        return Page.objects.live().public().filter(depth__gt=1).specific()

    def documents(self, page):
        page = page.specific
        if not page_is_public(page):
            return []
        url = page.get_url()
        if not url:
            return []
        document = SearchDocument(
            key=f"page:{page.pk}",
            source=f"page:{page.pk}",
            kind="page",
            title=page.title,
            url=url,
            summary=getattr(page, "summary", "") or page.search_description or "",
            body=searchable_text(page),
            date=local_date(page.first_published_at or page.last_published_at),
        )
        converter = page_converter(page)
        if converter is not None:
            result = converter(page, document)
            if result is False:
                return []
            if isinstance(result, SearchDocument):
                document = result
        return [document]
