"""Keeping the index right: signals → after commit → a background task → every backend.

The database backend is always written (it answers when Elasticsearch is down); the
configured backend is written too when it is another one. A failure never reaches the
editor: it is logged and kept as a ``PendingIndexChange``, replayed by the next successful
write to that backend or by ``search_reindex --pending``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import registry
from .backends import configured_name, get_backend

logger = logging.getLogger(__name__)

REPLAY_BATCH = 100


def backend_names():
    names = ["database"]
    configured = configured_name()
    if configured not in names:
        names.append(configured)
    return names


def _enabled():
    return getattr(settings, "SEARCH_AUTO_UPDATE", True)


def schedule(source_keys):
    """Index these sources once the current transaction has committed."""
    keys = sorted({key for key in source_keys if key})
    if not keys or not _enabled():
        return

    def run():
        from .tasks import update_index

        try:
            update_index.enqueue(keys)
        except Exception:
            logger.exception("search: could not queue an index update for %s", keys)
            for name in backend_names():
                _remember(keys, name, "could not queue the task")

    transaction.on_commit(run)


def schedule_object(obj):
    source = registry.source_for_object(obj)
    if source is None:
        return
    keys = [source.key(obj)]
    dependent = getattr(source, "dependent_keys", None)
    if dependent is not None:
        try:
            keys.extend(dependent(obj))
        except Exception:
            logger.exception("search: could not list dependants of %s", keys[0])
    schedule(keys)


def _remember(keys, backend_name, error):
    from .models import PendingIndexChange

    for key in keys:
        try:
            change, created = PendingIndexChange.objects.get_or_create(
                source=key,
                backend=backend_name,
                defaults={"action": "update", "error": str(error)[:2000]},
            )
            if not created:
                change.attempts += 1
                change.error = str(error)[:2000]
                change.save(update_fields=["attempts", "error", "updated_at"])
        except Exception:
            logger.exception("search: could not store the pending change %s", key)


def _write(backend, keys):
    to_index, to_delete = [], []
    for key in keys:
        documents = registry.documents_for_source(key)
        if documents is None:
            logger.warning("search: unknown source %s", key)
            continue
        if documents:
            to_index.extend(documents)
        else:
            to_delete.append(key)
    if to_delete:
        backend.delete_sources(to_delete)
    if to_index:
        backend.index(to_index)
    # Sources in to_index that now produce fewer keys are handled by index(): it replaces
    # every key of each source it is given.


def apply_changes(source_keys, backends=None) -> int:
    """Write these sources to every backend now; failures are logged and queued."""
    from .models import PendingIndexChange

    keys = sorted(set(source_keys))
    done = 0
    for name in backends or backend_names():
        try:
            backend = get_backend(name)
            _write(backend, keys)
        except Exception as error:
            logger.exception("search: indexing %s in %s failed; queued for replay", keys, name)
            _remember(keys, name, error)
            continue
        done += 1
        PendingIndexChange.objects.filter(backend=name, source__in=keys).delete()
        replay_pending(name, limit=REPLAY_BATCH)
    return done


def replay_pending(backend_name=None, limit=None) -> int:
    """Write the queued changes again; those that fail stay queued. Returns how many passed."""
    from .models import PendingIndexChange

    queryset = PendingIndexChange.objects.all()
    if backend_name:
        queryset = queryset.filter(backend=backend_name)
    changes = list(queryset[:limit] if limit else queryset)
    by_backend = {}
    for change in changes:
        by_backend.setdefault(change.backend or "database", []).append(change)
    replayed = 0
    for name, items in by_backend.items():
        keys = [c.source for c in items]
        try:
            _write(get_backend(name), keys)
        except Exception as error:
            logger.warning("search: replay to %s failed again: %s", name, error)
            PendingIndexChange.objects.filter(pk__in=[c.pk for c in items]).update(
                error=str(error)[:2000]
            )
            continue
        PendingIndexChange.objects.filter(pk__in=[c.pk for c in items]).delete()
        replayed += len(items)
    return replayed


def schedule_synonym_update():
    """After a change to the synonym list: at once, the database backend stops trusting
    phrase terms the entries may lack; after commit, a background task brings every
    backend's index in line (a rebuild of the database index, a new Elasticsearch index)."""
    from .backends.database import DatabaseBackend

    DatabaseBackend().forget_untrusted_phrases()
    if not _enabled():
        return

    def run():
        from .tasks import apply_synonyms

        try:
            apply_synonyms.enqueue()
        except Exception:
            logger.exception("search: could not queue the synonym update")

    transaction.on_commit(run)


def apply_synonym_change() -> int:
    """Re-index with the current synonym list; returns how many backends took it."""
    done = 0
    for name in backend_names():
        try:
            backend = get_backend(name)
            if hasattr(backend, "apply_synonyms"):
                backend.apply_synonyms()
            else:
                backend.rebuild(registry.all_documents())
        except Exception:
            logger.exception("search: the synonym update of %s failed", name)
            continue
        done += 1
    return done


# ---- signal handlers -----------------------------------------------------------------------


def _page_and_descendants(page):
    from wagtail.models import Page

    return list(Page.objects.descendant_of(page, inclusive=True))


def _keys_with_linked_documents(pages, documents=()):
    """``page:`` keys of these pages and ``document:`` keys of the documents they link to:
    whether a document is public follows the pages that link it."""
    from .visibility import documents_linked_from

    pages = list(pages)
    try:
        linked = documents_linked_from(pages) | set(documents)
    except Exception:
        logger.exception("search: could not list the documents linked from %s pages", len(pages))
        linked = set(documents)
    return [f"page:{page.pk}" for page in pages] + [f"document:{pk}" for pk in sorted(linked)]


def on_page_pre_save(sender, instance, update_fields=None, **kwargs):
    """Remember which documents a page linked to before a full save (a publish): a link the
    new version removes may make a document private."""
    from wagtail.models import Page

    if not isinstance(instance, Page) or not instance.pk or update_fields is not None:
        return
    if not _enabled():
        return
    from .visibility import documents_linked_from

    try:
        instance._search_linked_documents = documents_linked_from([instance])
    except Exception:
        logger.exception("search: could not list the documents linked from page %s", instance.pk)


def on_page_published(sender, instance, **kwargs):
    from .visibility import refresh_references

    before = getattr(instance, "_search_linked_documents", set())
    try:
        refresh_references(instance)  # Wagtail's own update may run after ours
    except Exception:
        logger.exception("search: could not refresh the references of page %s", instance.pk)
    schedule(_keys_with_linked_documents([instance], before))


def on_page_unpublished(sender, instance, **kwargs):
    schedule(_keys_with_linked_documents([instance]))


def on_page_moved(sender, instance, **kwargs):
    schedule(_keys_with_linked_documents(_page_and_descendants(instance)))


def on_page_pre_delete(sender, instance, **kwargs):
    """Before the reference index forgets the page's links: its documents may go private."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        schedule(_keys_with_linked_documents([instance]))


def on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        schedule([f"page:{instance.pk}"])


def on_view_restriction_changed(sender, instance, **kwargs):
    """A restriction added to (or lifted from) a published page hides (or shows) the page, its
    children and the documents only they link to."""
    page = getattr(instance, "page", None)
    if page is not None and page.pk:
        schedule(_keys_with_linked_documents(_page_and_descendants(page)))


def on_collection_restriction_changed(sender, instance, **kwargs):
    from wagtail.documents import get_document_model

    collection = getattr(instance, "collection", None)
    if collection is None or not collection.pk:
        return
    ids = get_document_model().objects.filter(collection__path__startswith=collection.path)
    schedule([f"document:{pk}" for pk in ids.values_list("pk", flat=True)])


def on_document_saved(sender, instance, **kwargs):
    if not _enabled():
        return
    document_id = instance.pk

    def run():
        from .tasks import extract_document_text

        try:
            extract_document_text.enqueue(document_id)
        except Exception:
            logger.exception("search: could not queue text extraction for %s", document_id)
            for name in backend_names():
                _remember([f"document:{document_id}"], name, "could not queue extraction")

    transaction.on_commit(run)


def on_document_deleted(sender, instance, **kwargs):
    schedule([f"document:{instance.pk}"])


def on_object_changed(sender, instance, **kwargs):
    schedule_object(instance)


def on_m2m_changed(sender, instance, action, pk_set=None, **kwargs):
    # taggit reports additions and removals of nothing too
    if action == "post_clear" or (action in {"post_add", "post_remove"} and pk_set):
        schedule_object(instance)


def watch(model):
    """Reindex a registered source's objects on save, delete and many-to-many changes."""
    for field in model._meta.many_to_many:
        through = getattr(field.remote_field, "through", None)
        if through is not None:
            m2m_changed.connect(
                on_m2m_changed,
                sender=through,
                dispatch_uid=f"search-m2m-{model._meta.label}-{field.name}",
            )
    post_save.connect(
        on_object_changed, sender=model, dispatch_uid=f"search-save-{model._meta.label}"
    )
    post_delete.connect(
        on_object_changed, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
    )


def connect_signals():
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    pre_save.connect(on_page_pre_save, dispatch_uid="search-page-pre-save")
    page_published.connect(on_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search-page-moved")
    pre_delete.connect(on_page_pre_delete, dispatch_uid="search-page-pre-delete")
    post_delete.connect(on_page_deleted, dispatch_uid="search-page-deleted")
    post_save.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-pvr-save"
    )
    post_delete.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-pvr-delete"
    )
    post_save.connect(
        on_collection_restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="search-cvr-save",
    )
    post_delete.connect(
        on_collection_restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="search-cvr-delete",
    )
    Document = get_document_model()
    post_save.connect(on_document_saved, sender=Document, dispatch_uid="search-document-saved")
    post_delete.connect(
        on_document_deleted, sender=Document, dispatch_uid="search-document-deleted"
    )
