"""Text that comes from outside the staff: made safe once, at input, the same way everywhere.

Organisations and the public type into forms; what they type is text, never HTML. Single-line
fields lose line breaks and control characters (they would break e-mail headers, ICS lines and
CSV rows); multi-line text becomes rich text only through ``paragraphs_html``, which escapes it.
"""

import re
import unicodedata

from django import forms
from django.utils.html import escape

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\u0085\v\f]+")
_SPACES = re.compile(r"[ \t]+")


def _without_controls(value, keep=""):
    if value.isprintable():  # no character of the "other" categories: nothing to remove
        return value
    return "".join(
        char
        for char in value
        if char in keep or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co"}
    )


def single_line(value):
    """``value`` on one line: breaks become a space, control characters go, spaces collapse."""
    if value is None:
        return value
    value = _LINE_BREAKS.sub(" ", str(value))
    return _SPACES.sub(" ", _without_controls(value.replace("\t", " "))).strip()


def multi_line(value):
    """``value`` with its line breaks normalised to ``\\n`` and other control characters removed."""
    if value is None:
        return value
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _without_controls(value, keep="\n").strip()


class SingleLineCharField(forms.CharField):
    """A form field for names, titles, places: whatever is typed arrives on one line."""

    def to_python(self, value):
        return single_line(super().to_python(value))


class MultiLineCharField(forms.CharField):
    """A form field for descriptions and messages: plain text with paragraphs."""

    def to_python(self, value):
        return multi_line(super().to_python(value))


def paragraphs_html(text):
    """Plain text as escaped HTML paragraphs: blank lines split paragraphs, single breaks <br>."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", multi_line(text or "")) if part.strip()]
    return "".join("<p>{}</p>".format("<br>".join(map(escape, part.split("\n")))) for part in parts)
