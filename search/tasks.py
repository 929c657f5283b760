"""Background work of the search app (django-tasks): index updates and text extraction."""

from django_tasks import task


@task()
def update_index(source_keys: list[str]) -> int:
    """Bring the index up to date for these sources (``page:42``, ``document:7``…)."""
    from .indexing import apply_changes

    return apply_changes(source_keys)


@task()
def apply_synonyms() -> int:
    """Put a changed synonym list into every backend's index."""
    from .indexing import apply_synonym_change

    return apply_synonym_change()


@task()
def extract_document_text(document_id: int) -> int:
    """Extract the text of an uploaded document page by page, store it, then index it."""
    from django.db import transaction

    from wagtail.documents import get_document_model

    from .extraction import extract_document
    from .indexing import apply_changes
    from .models import DocumentText

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        apply_changes([f"document:{document_id}"])
        return 0
    pages = extract_document(document)
    with transaction.atomic():
        DocumentText.objects.filter(document=document).delete()
        DocumentText.objects.bulk_create(
            [DocumentText(document=document, page_number=n, text=text) for n, text in pages]
        )
    apply_changes([f"document:{document_id}"])
    return len(pages)
