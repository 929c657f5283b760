"""Text out of uploaded files: PDF page by page (pypdf), DOCX as one page (python-docx).

Runs in a background task (``search.tasks.extract_document_text``); anything unreadable
gives no text rather than an error.
"""

from __future__ import annotations

import io
import logging
import os

from .query import clean

logger = logging.getLogger(__name__)

MAX_PAGES = 2000


def extract_pages(filename: str, data: bytes) -> list[tuple[int, str]]:
    """``[(page_number, text), …]`` for a PDF or DOCX; empty for other files."""
    extension = os.path.splitext(filename or "")[1].lower()
    try:
        if extension == ".pdf" or data[:5] == b"%PDF-":
            return _pdf(data)
        if extension == ".docx":
            return _docx(data)
    except Exception:
        logger.warning("search: could not extract text from %s", filename, exc_info=True)
    return []


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            return []
    pages = []
    for number, page in enumerate(reader.pages[:MAX_PAGES], start=1):
        try:
            text = clean(page.extract_text() or "")
        except Exception:
            text = ""
        if text:
            pages.append((number, text))
    return pages


def _docx(data):
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    text = clean("\n".join(p for p in parts if p.strip()))
    return [(1, text)] if text else []


def extract_document(document) -> list[tuple[int, str]]:
    try:
        with document.open_file() as handle:
            data = handle.read()
    except Exception:
        logger.warning("search: could not open document %s", document.pk, exc_info=True)
        return []
    return extract_pages(document.file.name, data)
