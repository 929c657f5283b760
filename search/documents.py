"""Uploaded Wagtail documents: one search document per page of extracted text.

A PDF gives ``document:7:1``, ``document:7:2``… each with its page number, so a hit can
say "page 4 of Metodstöd för samverkan 2017.pdf". Only public documents are indexed
(``visibility.document_is_public``: linked from a public page, and not in a collection with a
view restriction); the page events in ``indexing`` re-index the documents a page links to.
"""

from __future__ import annotations

import os

from django.utils import timezone

from wagtail.documents import get_document_model

from .backends.base import SearchDocument
from .registry import Source, register
from .visibility import document_is_public, public_document_ids, public_pages_linking_to


def inherited(document) -> dict:
    """What a document takes from the public pages that link to it: their counties,
    municipalities and target groups (a PDF attached to Dalarna's agreement is Dalarna's),
    and their expiry (it expires with the last of them; never while one does not expire)."""
    from .pages import PageSource

    counties, municipalities, groups, expiries = [], [], [], []
    for page in public_pages_linking_to(document):
        for page_document in PageSource().documents(page):
            counties += page_document.county_codes
            municipalities += page_document.municipality_codes
            groups += page_document.target_groups
            expiries.append(page_document.expires_at)
    return {
        "county_codes": list(dict.fromkeys(counties)),
        "municipality_codes": list(dict.fromkeys(municipalities)),
        "target_groups": list(dict.fromkeys(groups)),
        "expires_at": max(expiries) if expiries and None not in expiries else None,
    }


@register
class DocumentSource(Source):
    prefix = "document"
    chunk_size = 50

    @property
    def model(self):
        return get_document_model()

    def public_queryset(self):
        return (
            self.queryset_all()
            .filter(pk__in=public_document_ids())
            .select_related("collection")
            .prefetch_related("search_texts")
        )

    def documents(self, document):
        if not document_is_public(document):
            return []
        filename = os.path.basename(document.file.name or "")
        base = dict(
            source=f"document:{document.pk}",
            kind="document",
            title=document.title,
            date=timezone.localtime(document.created_at).date() if document.created_at else None,
            container_title=filename,
            tags=[tag.name for tag in document.tags.all()] if hasattr(document, "tags") else [],
            **inherited(document),
        )
        url = document.url
        texts = list(document.search_texts.all())
        if not texts:
            return [SearchDocument(key=f"document:{document.pk}", url=url, **base)]
        return [
            SearchDocument(
                key=f"document:{document.pk}:{text.page_number}",
                url=f"{url}#page={text.page_number}",
                body=text.text,
                page_number=text.page_number,
                **base,
            )
            for text in texts
        ]
