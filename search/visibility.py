"""What the public may see of Wagtail pages and documents: one definition, used by search.

Visibility is decided here, before a document reaches any backend: a source gives no
document for what is hidden, so the index, its facet values and its vocabulary never hold
it, whatever the backend (database or Elasticsearch).

- A page is public when it is live, not expired (also before the scheduler has run), not the
  tree root, and neither it nor an ancestor has a view restriction (password, login, group).
- A document is public when it is not in a collection with a view restriction (its own or an
  ancestor's) and a public page links to it: a document block, a rich-text link or a foreign
  key, as Wagtail's reference index records them. An uploaded file no page links to is not
  published by anyone, so it is not found.

Organisations and activities follow ``Organisation.objects.public()`` and
``Activity.objects.public()`` in partners/.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex

from portal.visibility import _ancestor_paths, page_is_public, public_pages  # noqa: F401


def collection_is_restricted(collection) -> bool:
    from wagtail.models import Collection

    return CollectionViewRestriction.objects.filter(
        collection__path__in=_ancestor_paths(collection.path, Collection.steplen)
    ).exists()


def _document_content_type():
    return ContentType.objects.get_for_model(get_document_model(), for_concrete_model=False)


def _page_content_type():
    return ContentType.objects.get_for_model(Page, for_concrete_model=False)


def _document_references(page_keys):
    """Reference-index rows of links from the pages ``page_keys`` (ids as text) to documents."""
    return ReferenceIndex.objects.filter(
        base_content_type=_page_content_type(),
        to_content_type=_document_content_type(),
        object_id__in=page_keys,
    )


def _public_page_references():
    """Reference-index rows of links from public pages to documents."""
    return _document_references(public_pages().annotate(key=Cast("pk", CharField())).values("key"))


def document_is_public(document) -> bool:
    """Not in a restricted collection, and linked from a public page."""
    if collection_is_restricted(document.collection):
        return False
    return _public_page_references().filter(to_object_id=str(document.pk)).exists()


def public_pages_linking_to(document) -> list:
    """The public pages that link to ``document``, as their specific types, in id order."""
    ids = {
        int(pk)
        for pk in _public_page_references()
        .filter(to_object_id=str(document.pk))
        .values_list("object_id", flat=True)
        if str(pk).isdigit()
    }
    return list(public_pages().filter(pk__in=ids).order_by("pk").specific()) if ids else []


def public_document_ids() -> set[int]:
    """The ids of every public document (two queries, whatever the number of documents)."""
    linked = {
        int(pk)
        for pk in _public_page_references().values_list("to_object_id", flat=True).distinct()
        if str(pk).isdigit()
    }
    if not linked:
        return set()
    restricted_paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )
    documents = get_document_model().objects.filter(pk__in=linked)
    for path in restricted_paths:
        documents = documents.exclude(collection__path__startswith=path)
    return set(documents.values_list("pk", flat=True))


def documents_linked_from(pages: Iterable) -> set[int]:
    """The ids of the documents these pages link to (live content, as last saved)."""
    keys = [str(page.pk) for page in pages]
    if not keys:
        return set()
    return {
        int(pk)
        for pk in _document_references(keys).values_list("to_object_id", flat=True)
        if str(pk).isdigit()
    }


def refresh_references(page) -> None:
    """Bring the reference index of ``page`` up to date now (Wagtail does it in a background
    task that may run after the index update)."""
    if ReferenceIndex.is_indexed(type(page)):
        ReferenceIndex.create_or_update_for_object(page)
