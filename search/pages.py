"""The page source: every public Wagtail page (``visibility.page_is_public``) becomes one
document; a page that is not public, or not on a site, gives none."""

from __future__ import annotations

from django.utils import timezone

from wagtail.models import Page

from .backends.base import SearchDocument
from .registry import Source, page_converter, register, searchable_text
from .visibility import page_is_public, public_pages


def local_date(moment):
    return timezone.localtime(moment).date() if moment else None


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
        return public_pages().specific()

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
            expires_at=page.expire_at,
        )
        converter = page_converter(page)
        if converter is not None:
            result = converter(page, document)
            if result is False:
                return []
            if isinstance(result, SearchDocument):
                document = result
        return [document]
