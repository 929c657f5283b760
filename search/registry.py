"""The registry of document sources: how each kind of content becomes ``SearchDocument``s.

A *source* is one object (a page, an uploaded document, an organisation…) identified by a
key such as ``page:42``. Each app's ``documents.py`` (imported at start-up) registers a
``Source`` for its models, and page types register a converter with ``register_page``.
Everything else in search/ – indexing, signals, ``search_reindex`` – asks the registry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from django.utils.html import strip_tags

from .backends.base import SearchDocument

logger = logging.getLogger(__name__)

_sources: dict[str, Source] = {}
_page_converters: dict[type, Callable] = {}


class Source:
    """How one model's objects become documents. Subclasses set ``prefix`` and ``model``."""

    prefix = ""
    model = None
    chunk_size = 200

    def key(self, obj) -> str:
        return f"{self.prefix}:{obj.pk}"

    def get(self, pk):
        """The object behind ``pk``, or None when it no longer exists."""
        return self.queryset_all().filter(pk=pk).first()

    def queryset_all(self):
        return self.model._default_manager.all()

    def public_queryset(self):
        """What a full rebuild walks: only objects that may be public."""
        return self.queryset_all()

    def documents(self, obj) -> list[SearchDocument]:
        """The documents of ``obj``; an empty list when it must not be found."""
        raise NotImplementedError

    def all_documents(self) -> Iterator[SearchDocument]:
        queryset = self.public_queryset().order_by("pk")
        last = None
        while True:
            chunk = queryset if last is None else queryset.filter(pk__gt=last)
            rows = list(chunk[: self.chunk_size])
            if not rows:
                return
            for obj in rows:
                try:
                    yield from self.documents(obj)
                except Exception:
                    logger.exception("search: could not build documents for %s", self.key(obj))
            last = rows[-1].pk

    def count(self) -> int:
        return self.public_queryset().count()


def register(source_class):
    """Class decorator: make a ``Source`` known under its prefix."""
    source = source_class()
    _sources[source.prefix] = source
    return source_class


def sources() -> list[Source]:
    return list(_sources.values())


def source_for_prefix(prefix) -> Source | None:
    return _sources.get(prefix)


def source_for_object(obj) -> Source | None:
    from wagtail.models import Page

    if isinstance(obj, Page):
        return _sources.get("page")
    for source in _sources.values():
        if source.model is not None and isinstance(obj, source.model):
            return source
    return None


def split_key(source_key: str) -> tuple[str, str]:
    prefix, _, pk = source_key.partition(":")
    return prefix, pk


def documents_for_source(source_key: str) -> list[SearchDocument] | None:
    """Fresh documents for ``page:42``; an empty list means "remove it", None: unknown."""
    prefix, pk = split_key(source_key)
    source = _sources.get(prefix)
    if source is None:
        return None
    obj = source.get(pk)
    if obj is None:
        return []
    return source.documents(obj)


def all_documents(prefixes: Iterable[str] | None = None) -> Iterator[SearchDocument]:
    for source in sources():
        if prefixes and source.prefix not in prefixes:
            continue
        yield from source.all_documents()


# ---- pages -------------------------------------------------------------------------------


def register_page(*models):
    """Decorator for ``convert(page, document)`` that fills in what a page type adds."""

    def decorator(function):
        for model in models:
            _page_converters[model] = function
        return function

    return decorator


def page_converter(page):
    for klass in type(page).__mro__:
        if klass in _page_converters:
            return _page_converters[klass]
    return None


def _flatten(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif value:
        yield strip_tags(str(value))


def block_text(block, value):
    """The text a reader sees in a block's value, without its settings: a choice (a heading's
    level, shown as "Rubrik 2"), a yes/no or a date is not content."""
    from wagtail import blocks

    if value is None:
        return []
    if isinstance(
        block,
        (
            blocks.ChoiceBlock,
            blocks.MultipleChoiceBlock,
            blocks.BooleanBlock,
            blocks.DateBlock,
            blocks.TimeBlock,
            blocks.DateTimeBlock,
        ),
    ):
        return []
    if isinstance(block, blocks.StreamBlock):
        return [part for child in value for part in block_text(child.block, child.value)]
    if isinstance(block, blocks.ListBlock):
        items = value.bound_blocks if hasattr(value, "bound_blocks") else value
        return [
            part
            for item in items
            for part in block_text(
                getattr(item, "block", block.child_block), getattr(item, "value", item)
            )
        ]
    if isinstance(block, blocks.StructBlock):
        return [
            part
            for name, child in block.child_blocks.items()
            for part in block_text(child, value.get(name))
        ]
    return [str(part) for part in block.get_searchable_content(value) if part]


def searchable_text(page, skip=("title", "summary", "seo_title", "search_description", "slug")):
    """The text of a page's own ``search_fields`` (StreamField and rich text included)."""
    from wagtail.fields import StreamField
    from wagtail.search import index

    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in skip:
            continue
        try:
            model_field = page._meta.get_field(search_field.field_name)
        except Exception:
            model_field = None
        if isinstance(model_field, StreamField):
            stream = getattr(page, search_field.field_name, None)
            if stream is not None:
                parts.extend(_flatten(block_text(model_field.stream_block, stream)))
            continue
        try:
            value = search_field.get_value(page)
        except Exception:
            continue
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            # modelsearch already gives StreamField content as a list of strings
            parts.extend(_flatten(value))
            continue
        if model_field is not None and hasattr(model_field, "get_searchable_content"):
            try:
                parts.extend(_flatten(model_field.get_searchable_content(value)))
                continue
            except Exception:
                pass
        parts.append(strip_tags(str(value)))
    return "\n".join(p for p in parts if p)
