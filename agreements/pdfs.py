"""Small real PDFs for the demo: generated with fpdf2, DejaVu Sans when installed, else a
core font with the text folded to Latin-1."""

import datetime
from pathlib import Path

from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def make_pdf(title, paragraphs, *, subject=""):
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang("sv")
    if subject:
        pdf.set_subject(subject)
    pdf.set_author("Samverkansportalen (demo)")
    pdf.set_creation_date(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    if DEJAVU.exists() and DEJAVU_BOLD.exists():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD))
        family, fold = "DejaVu", (lambda text: text)
    else:
        family = "Helvetica"

        def fold(text):
            return (
                text.replace("–", "-")
                .replace("”", '"')
                .encode("latin-1", "replace")
                .decode("latin-1")
            )

    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 9, fold(title))
    pdf.ln(4)
    pdf.set_font(family, "", 11)
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            pdf.set_font(family, "B", 13)
            pdf.multi_cell(0, 7, fold(paragraph[1]))
            pdf.set_font(family, "", 11)
        else:
            pdf.multi_cell(0, 6, fold(paragraph))
        pdf.ln(2)
    return bytes(pdf.output())
