"""Demo content for search: the synonym list, then a full rebuild of the index.

Runs last (search is last in ``DEMO_APPS``), so everything the other loaders made is found.
"""

from .indexing import backend_names
from .migrations_data import ensure_default_synonyms


def extract_missing_texts():
    """Text of documents uploaded while indexing was switched off for the bulk load."""
    from wagtail.documents import get_document_model

    from .tasks import extract_document_text

    for document_id in (
        get_document_model().objects.filter(search_texts__isnull=True).values_list("pk", flat=True)
    ):
        extract_document_text.call(document_id)


def refresh_references():
    """Wagtail's reference index says which documents public pages link to (only those are
    found); bring it up to date in case its background updates have not run yet."""
    import io

    from django.core.management import call_command

    call_command("rebuild_references_index", stdout=io.StringIO())


def load(ctx):
    from .backends import get_backend
    from .registry import all_documents

    ensure_default_synonyms()
    extract_missing_texts()
    refresh_references()
    for name in backend_names():
        try:
            count = get_backend(name).rebuild(all_documents())
        except Exception as error:  # an unreachable Elasticsearch must not stop the demo
            ctx.log(f"Search: the {name} index could not be rebuilt ({error}).")
            continue
        ctx.log(f"Search: {count} documents indexed in the {name} index.")
