"""The site's form renderer: Django's own widget templates, with the choice widgets written in
Python.

A select of the 290 municipalities through Django's templates is 290 template includes, each
with its own attrs include: 15–30 ms of CPU for one field, more than every query of the page
together (the sign-up form, the organisation form and the filters all have one). The widgets
below produce exactly what Django's templates produce (tests/portal/test_form_renderer.py
compares them option by option, so an upgrade of Django that changes its templates fails that
test); anything else, and any option with a template of its own, goes through the templates
as before.
"""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import stringformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"


def _text(value):
    """``{{ value }}`` in a template with autoescaping on."""
    if type(value) is str:  # most labels and names: nothing to localise, nothing marked safe
        return escape(value)
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value):
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe."""
    if isinstance(value, SafeData):
        return stringformat(value, "s")
    return escape(value if type(value) is str else stringformat(value, "s"))


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget):
    """django/forms/widgets/input.html"""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>\n"
    )


def _input_option(option):
    """django/forms/widgets/checkbox_option.html and radio_option.html, which include
    input_option.html"""
    if not option.get("wrap_label"):
        return _input(option) + "\n\n"
    label_for = option["attrs"].get("id")
    label_for = f' for="{_text(label_for)}"' if label_for else ""
    return f"<label{label_for}>{_input(option)} {_text(option['label'])}</label>\n\n"


def _select_option(option):
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget):
    """django/forms/widgets/select.html"""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            out.append("\n  " + _select_option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _multiple_input(widget):
    """django/forms/widgets/multiple_input.html (checkbox_select.html and radio.html)"""
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{_text(attrs["class"])}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            out.append("<div>\n    " + _input_option(option) + "</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


# template → (what writes it, the template each of its options must use for the fast path)
FAST = {
    WIDGETS + "select.html": (_select, WIDGETS + "select_option.html"),
    WIDGETS + "checkbox_select.html": (_multiple_input, WIDGETS + "checkbox_option.html"),
    WIDGETS + "radio.html": (_multiple_input, WIDGETS + "radio_option.html"),
}


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with the choice widgets above written without templates."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        widget = context.get("widget") if fast else None
        if widget is not None and all(
            option.get("template_name") == fast[1]
            for _group, options, _index in widget.get("optgroups", ())
            for option in options
        ):
            return mark_safe(fast[0](widget))
        return super().render(template_name, context, request=request)
