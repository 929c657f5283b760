"""The site's form renderer writes choice widgets in Python: what a visitor's browser gets must
be exactly what Django's own widget templates write, for every kind of option and attribute."""

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import pytest

from portal.form_renderer import FormRenderer
from portal.models import Municipality

CHOICES = [
    ("", "Välj …"),
    ("a&b", "Bröd & <smör>"),
    (3, 12345),
    ("lazy", gettext_lazy("County")),
    ("safe", mark_safe("<b>fet</b>")),
]
GROUPED = [
    ("", "Alla"),
    ("Dalarnas län", [("leksand", "Leksand"), ("rattvik", "Rättvik")]),
    ("Skåne län", [("malmo", "Malmö"), ("lund", 'Lund "city"')]),
]


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED, required=False, help_text="Hjälp")
    many = forms.MultipleChoiceField(choices=GROUPED, required=False)
    ticks = forms.MultipleChoiceField(
        choices=CHOICES[1:],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices", "data-x": True}),
    )
    grouped_ticks = forms.MultipleChoiceField(
        choices=GROUPED[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    yes_no = forms.NullBooleanField()
    flags = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"disabled": True, "hidden": False, "aria-x": 'a"b'}),
    )


def both(form_class, data=None, **kwargs):
    fast = form_class(data, renderer=FormRenderer(), **kwargs)
    django = form_class(data, renderer=DjangoTemplates(), **kwargs)
    return fast, django


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "plain": "a&b",
            "grouped": "rattvik",
            "many": ["leksand", "lund"],
            "ticks": ["a&b", "3"],
            "grouped_ticks": ["malmo"],
            "radio": "lazy",
            "yes_no": "true",
            "flags": "safe",
        },
        {"plain": "nonsense", "ticks": ["nope"], "radio": "", "yes_no": "x"},
    ],
    ids=["empty", "chosen", "invalid"],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_every_choice_widget_matches_djangos_templates(data, auto_id):
    fast, django = both(Everything, data, auto_id=auto_id)
    for name in Everything.base_fields:
        assert str(fast[name]) == str(django[name]), name
    assert fast.as_div() == django.as_div()


@pytest.mark.django_db
def test_municipality_select_matches_and_keeps_the_chosen_one():
    class Where(forms.Form):
        municipality = forms.ModelChoiceField(Municipality.objects.order_by("name"))
        municipalities = forms.ModelMultipleChoiceField(
            Municipality.objects.order_by("name"), widget=forms.CheckboxSelectMultiple
        )

    leksand = Municipality.objects.get(slug="leksand")
    data = {"municipality": leksand.pk, "municipalities": [leksand.pk]}
    fast, django = both(Where, data)
    html = str(fast["municipality"])
    assert html == str(django["municipality"])
    assert f'<option value="{leksand.pk}" selected>Leksand</option>' in html
    assert html.count("<option") == Municipality.objects.count() + 1
    assert str(fast["municipalities"]) == str(django["municipalities"])


def test_an_option_with_a_template_of_its_own_goes_through_the_templates():
    class OwnOption(forms.Select):
        # any template but select_option.html: here Django's checkbox option, which shows
        # plainly whether the templates wrote the options
        option_template_name = "django/forms/widgets/checkbox_option.html"

    class Form(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=OwnOption)

    fast, django = both(Form)
    html = str(fast["pick"])
    assert html == str(django["pick"])
    assert '<input type="select" name="pick" value="a"' in html
    assert "<option" not in html


def test_the_site_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)
