import os

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def file_type_and_size(document):
    """'PDF, 113,3 kB' for a Wagtail document, in Swedish number format; never fails on a
    missing file."""
    extension = os.path.splitext(document.file.name)[1].lstrip(".").upper() or _("file")
    size = document.get_file_size()
    if not size:
        return extension
    return f"{extension}, {human_size(size)}"


@register.filter
def human_size(size):
    """Bytes as kB or MB with a decimal comma in Swedish."""
    if size < 1000:
        return f"{size} B"
    if size < 1000 * 1000:
        return f"{number_format(size / 1000, 1)} kB"
    return f"{number_format(size / 1_000_000, 1)} MB"
