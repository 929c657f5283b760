"""The design system's template helpers: scroll regions for tables, the language of content,
form fields with autocomplete and described-by, and the "Fel: " title prefix.

Each finding of the accessibility audit is fixed once here and used by every template, so a
new table, form or page gets it without anyone remembering.
"""

from django import forms, template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# Field names the portal's forms use, and the autocomplete token each one means (WCAG 1.3.5).
AUTOCOMPLETE = {
    "name": "name",
    "full_name": "name",
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "email2": "email",
    "login": "email",
    "contact_email": "email",
    "phone": "tel",
    "contact_phone": "tel",
    "telephone": "tel",
    "organisation": "organization",
    "organization": "organization",
    "employer": "organization",
    "organisation_name": "organization",
    "website": "url",
    "password": "current-password",
    "password1": "new-password",
    "password2": "new-password",
    "oldpassword": "current-password",
}


@register.tag
def scroll_region(parser, token):
    """``{% scroll_region label %}<table>…</table>{% endscroll_region %}``: a region that may
    scroll sideways on a narrow screen, reachable and named for keyboard and screen reader
    users (axe's scrollable-region-focusable)."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scroll_region takes at most one argument: the label")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    return ScrollRegionNode(label, nodelist)


class ScrollRegionNode(template.Node):
    def __init__(self, label, nodelist):
        self.label = label
        self.nodelist = nodelist

    def render(self, context):
        label = self.label.resolve(context) if self.label else None
        return format_html(
            '<div class="table-region" role="region" tabindex="0" aria-label="{}">{}</div>',
            label or _("Table (scrolls sideways on a small screen)"),
            self.nodelist.render(context),
        )


@register.simple_tag
def content_lang():
    """` lang="sv"` on an element holding Swedish content (CMS titles and text, organisation
    names) when the interface is in another language; nothing in Swedish mode (WCAG 3.1.2)."""
    content = settings.LANGUAGE_CODE
    if (get_language() or content).split("-")[0] == content.split("-")[0]:
        return ""
    return format_html(' lang="{}"', content)


def _form_errors_in(context):
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return True
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Fel: " before the page title when a form on the page was sent back with errors."""
    if _form_errors_in(context):
        return _("Error: ")
    return ""


@register.filter
def with_design(bound_field):
    """The field's widget with an autocomplete token for personal data, aria-describedby
    pointing at the help text and errors that are shown, and no placeholder (a label and a
    hint are shown instead)."""
    widget = bound_field.field.widget
    attrs = {}
    name = bound_field.name
    input_type = getattr(widget, "input_type", None)
    if "autocomplete" not in widget.attrs and input_type not in ("checkbox", "radio", "file"):
        token = AUTOCOMPLETE.get(name)
        if token is None and input_type == "email":
            token = "email"
        if token:
            attrs["autocomplete"] = token
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    widget.attrs.pop("placeholder", None)
    return bound_field.as_widget(attrs=attrs)
