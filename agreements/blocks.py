"""Blocks for agreements and method support: focus areas, chapters with reflective questions."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from portal.blocks import BaseStreamBlock

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class FocusAreaBlock(blocks.StructBlock):
    """One focus area (inriktning) of a regional agreement."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    description = blocks.RichTextBlock(label=_("Description"), features=RICH_FEATURES)

    class Meta:
        icon = "pick"
        label = _("Focus area")
        template = "agreements/blocks/focus_area_block.html"


class FocusAreaStreamBlock(blocks.StreamBlock):
    focus_area = FocusAreaBlock()


class ReflectiveQuestionsBlock(blocks.StructBlock):
    """Questions readers discuss after a chapter; shown as their own box."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, default="Reflekterande frågor", max_length=120
    )
    questions = blocks.ListBlock(blocks.CharBlock(label=_("Question")), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Reflective questions")
        template = "agreements/blocks/reflective_questions_block.html"


class ChapterBlock(blocks.StructBlock):
    """A chapter of a long document: its heading gets an anchor and a place in the contents."""

    title = blocks.CharBlock(label=_("Chapter title"), max_length=200)
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=80,
        help_text=_("Part of the address that links to the chapter. Made from the title if empty."),
    )
    body = BaseStreamBlock(label=_("Text"))
    questions = ReflectiveQuestionsBlock(label=_("Reflective questions"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Chapter")
        template = "agreements/blocks/chapter_block.html"


class DocumentChaptersBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    appendix = ChapterBlock(label=_("Appendix"), icon="doc-empty")


def chapter_anchor(value, index):
    """A stable anchor for a chapter: the editor's anchor, else a slug of the title."""
    return slugify(value.get("anchor") or value.get("title") or "") or f"kapitel-{index}"
