"""Reference-row choices read as plain values offer, show and accept exactly what the model
choice fields did, without building a model instance per option."""

from django import forms
from django.db.models.signals import post_init

import pytest

from portal.choices import by_name
from portal.models import Municipality, TargetGroup

pytestmark = pytest.mark.django_db


class Where(forms.Form):
    one = forms.ModelChoiceField(
        Municipality.objects.select_related("county").order_by("name"),
        required=False,
        empty_label="Välj kommun (frivilligt)",
    )
    by_slug = forms.ModelChoiceField(Municipality.objects.all(), to_field_name="slug")
    many = forms.ModelMultipleChoiceField(TargetGroup.objects.all(), required=False)


class ByName(Where):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("one", "by_slug", "many"):
            by_name(self.fields[name])


def plainly(cleaned):
    return {key: list(value) if key == "many" else value for key, value in cleaned.items()}


def instances_built(action):
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        action()
    finally:
        post_init.disconnect(count)
    return built


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"one": "", "by_slug": "leksand"},
        {"one": "PK", "by_slug": "rattvik", "many": "GROUPS"},
    ],
    ids=["empty", "some", "all"],
)
def test_the_same_options_and_choices_as_the_model_fields(data):
    leksand = Municipality.objects.get(slug="leksand")
    groups = list(TargetGroup.objects.values_list("pk", flat=True)[:2])
    if data and data.get("one") == "PK":
        data = {**data, "one": str(leksand.pk), "many": [str(pk) for pk in groups]}
    plain, light = Where(data), ByName(data)
    for name in ("one", "by_slug", "many"):
        assert str(light[name]) == str(plain[name]), name
    if data is None:
        return
    assert light.is_valid() == plain.is_valid()
    assert plainly(light.cleaned_data) == plainly(plain.cleaned_data)
    if data and data.get("many"):
        assert light.cleaned_data["one"] == leksand
        assert [group.pk for group in light.cleaned_data["many"]] == groups


def test_drawing_the_widget_builds_no_model_instance_per_option():
    form = ByName(initial={"by_slug": "leksand"})
    assert 'value="leksand" selected' in str(form["by_slug"])
    assert instances_built(lambda: str(form["one"]) + str(form["by_slug"])) == []
    # the plain model field builds one per option (and one per county it joins)
    plain = Where(initial={"by_slug": "leksand"})
    assert len(instances_built(lambda: str(plain["one"]))) >= Municipality.objects.count()


def test_an_unknown_choice_is_refused_with_the_fields_message():
    form = ByName({"by_slug": "atlantis"})
    assert not form.is_valid()
    assert form.errors["by_slug"] == [
        "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    ]
