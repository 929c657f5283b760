"""Test and benchmark helpers: PDF and DOCX files with known text, and search documents."""

import io

import factory

from .backends.base import SearchDocument


def make_pdf(pages: list[str]) -> bytes:
    """A PDF with one page per string (Latin-1 text, so å, ä and ö work in the core font)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class SearchDocumentFactory(factory.Factory):
    key = factory.Sequence(lambda n: f"test:{n}")
    source = factory.LazyAttribute(lambda o: o.key)
    kind = "page"
    title = factory.Sequence(lambda n: f"Sida {n} om samverkan")
    url = factory.Sequence(lambda n: f"/sida-{n}/")
    summary = "En sammanfattning om mottagande."
    body = "Kommunerna tar emot nyanlända och samverkar med civilsamhället."

    class Meta:
        model = SearchDocument
