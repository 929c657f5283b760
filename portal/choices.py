"""Choices of reference rows (municipalities, target groups) read as plain values.

A model choice field builds one model instance per option each time its widget is drawn: 290
municipalities (and their counties, where the queryset joins them) are about 600 instances,
10–15 ms of CPU for a select whose options show only a name. ``by_name(field)`` makes the
field read its options as (value, name) pairs instead; what it offers, shows and accepts
stays the same (the cleaned value is still the model instance).
"""

from functools import partial

from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue


class NameChoiceIterator(ModelChoiceIterator):
    """The options of a model choice field from two columns: its value and the label."""

    def __init__(self, field, label_field="name"):
        super().__init__(field)
        self.label_field = label_field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        value_field = self.field.to_field_name or "pk"
        for value, label in self.queryset.values_list(value_field, self.label_field):
            yield (ModelChoiceIteratorValue(value, None), label)


def by_name(field, label_field="name"):
    """Make ``field`` (a ModelChoiceField or ModelMultipleChoiceField whose labels are the
    rows' ``label_field``, as ``str()`` of these models is) read its options without building
    model instances. Returns the field."""
    field.iterator = partial(NameChoiceIterator, label_field=label_field)
    field.widget.choices = field.choices  # the widget holds the iterator it was given
    return field
