"""The design system's reference page: every component with sample content, on one page.

Not in the navigation, marked noindex and left out of the sitemap; the browser tests run axe
on it at 320 and 1280 px so a component that breaks shows up here first.
"""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET


class ExampleForm(forms.Form):
    """A small form, bound with invalid data, to show hints, field errors and the summary."""

    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We only use the address to answer you."),
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 500 characters."),
        max_length=500,
    )
    consent = forms.BooleanField(label=_("I have read how my personal data is handled"))


def _filter_fields():
    return [
        {
            "name": "lan",
            "label": _("County"),
            "empty": _("All counties"),
            "options": [("dalarna", "Dalarnas län"), ("blekinge", "Blekinge län")],
            "selected": "dalarna",
        },
        {
            "name": "status",
            "label": _("Status"),
            "empty": _("All statuses"),
            "options": [("in_force", _("in force")), ("upcoming", _("upcoming"))],
            "selected": "",
            "help": _("Agreements that apply today or have been decided."),
        },
    ]


@require_GET
def designsystem(request):
    example_form = ExampleForm(
        data={"name": "", "email": "inte-en-adress", "message": "Hej!"}, auto_id="example-%s"
    )
    example_form.is_valid()
    page_obj = Paginator(range(1, 31), 10).get_page(2)
    context = {
        # Kept inside a dict so the page title does not get "Fel: " (the page itself has no error).
        "example": {"form": example_form},
        "page_obj": page_obj,
        "filter_fields": _filter_fields(),
    }
    return render(request, "portal/designsystem.html", context)
