"""Forms: calendar filters (GET), sign-up, proposals from organisations, staff tools."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from portal.choices import by_name
from portal.models import County, Municipality, TargetGroup
from portal.opendata.params import FORMS
from portal.text import MultiLineCharField, SingleLineCharField

from .models import EventFormat, EventTopic, QuestionKind
from .models.questions import NO, YES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def format_value(self, value):
        # junk from the URL is not put back into <input type=date> (invalid HTML, and the
        # browser would show an empty field anyway); the field's error says what was wrong
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CountedChoiceField(forms.ModelChoiceField):
    """A choice whose labels show how many results each option has, e.g. 'Leksand (3)'."""

    def __init__(self, *args, **kwargs):
        self.counts = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        count = self.counts.get(obj.pk)
        return f"{obj} ({count})" if count else str(obj)


LEFT_OUT = _(
    "“%(value)s” is not available (it may have been removed), so this filter was left out. "
    "Choose one of the options in the list."
)


class CalendarFilterForm(forms.Form):
    """The calendar's filters; every value lives in the URL so links and feeds can carry them,
    in the site's vocabulary (``form=plats``; the cleaned value is the stored format)."""

    lan = CountedChoiceField(
        label=_("County"),
        queryset=County.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All counties"),
    )
    kommun = CountedChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All municipalities"),
    )
    amne = forms.ChoiceField(label=_("Topic"), required=False)
    malgrupp = CountedChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
    )
    form = forms.ChoiceField(label=_("Format"), required=False)
    fran = forms.DateField(label=_("From"), required=False, widget=DateInput())
    till = forms.DateField(label=_("To"), required=False, widget=DateInput())

    error_messages = {
        "invalid_choice": _("Choose one of the options in the list."),
    }

    def __init__(self, *args, counts=None, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts or {}
        for name in ("lan", "kommun", "malgrupp"):
            self.fields[name].counts = counts.get(name, {})
            self.fields[name].error_messages["invalid_choice"] = LEFT_OUT
        topic_counts = counts.get("amne", {})
        if topics is None:
            topics = used_topics()
        self.fields["amne"].choices = [("", _("All topics"))] + [
            (slug, f"{name} ({topic_counts[slug]})" if topic_counts.get(slug) else name)
            for slug, name in topics
        ]
        format_counts = counts.get("form", {})
        labels = dict(EventFormat.choices)
        self.fields["form"].choices = [("", _("All formats"))] + [
            (
                word,
                f"{labels[value]} ({format_counts[value]})"
                if format_counts.get(value)
                else labels[value],
            )
            for word, value in FORMS.items()
        ]
        for name in ("amne", "form"):
            self.fields[name].error_messages["invalid_choice"] = LEFT_OUT
        for name in ("fran", "till"):
            self.fields[name].error_messages["invalid"] = _(
                "Enter a date in the form YYYY-MM-DD, e.g. 2026-12-01."
            )

    def clean_form(self):
        """The vocabulary's word (plats, online, hybrid) as the stored format."""
        word = self.cleaned_data.get("form")
        return FORMS.get(word, "") if word else ""

    def clean_fran(self):
        return self._check_range(self.cleaned_data.get("fran"))

    def clean_till(self):
        return self._check_range(self.cleaned_data.get("till"))

    def _check_range(self, value):
        if value and not (EARLIEST <= value <= LATEST):
            raise ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
        return value

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("fran"), cleaned_data.get("till")
        if start and end and start > end:
            self.add_error("till", _("The end date must be on or after the start date."))
            cleaned_data.pop("till", None)
        return cleaned_data

    def active_filters(self):
        if not self.is_bound:
            return {}
        return {
            key: value
            for key, value in (self.cleaned_data if hasattr(self, "cleaned_data") else {}).items()
            if value not in (None, "")
        }


def used_topics():
    """(slug, name) of every tag some public event uses."""
    from .queries import public_events

    return list(
        Tag.objects.filter(
            pk__in=EventTopic.objects.filter(content_object__in=public_events()).values("tag_id")
        )
        .order_by("name")
        .values_list("slug", "name")
    )


class SignupForm(forms.Form):
    """What a person gives to sign up: text only, names and places on one line."""

    name = SingleLineCharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation and a link to cancel here."),
    )
    employer = SingleLineCharField(label=_("Employer or organisation"), max_length=200)
    municipality = by_name(
        forms.ModelChoiceField(
            label=_("Municipality"),
            queryset=Municipality.objects.order_by("name"),
            required=False,
            empty_label=_("Choose a municipality (optional)"),
            help_text=_("Where you work."),
        )
    )
    needs = MultiLineCharField(
        label=_("Special needs (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. food allergies, interpretation or accessibility needs."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are kept until 90 days after the event."),
        required=True,
        error_messages={"required": _("We need your consent to keep your sign-up.")},
    )

    def __init__(self, *args, retention_days=90, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        consent = self.fields.pop("consent")
        for question in self.questions:
            self.fields[question_field_name(question)] = question_field(question)
        self.fields["consent"] = consent
        self.fields["consent"].label = _(
            "I agree that my details are kept until %(days)s days after the event."
        ) % {"days": retention_days}
        self.fields["name"].error_messages["required"] = _("Enter your name.")
        self.fields["email"].error_messages["required"] = _("Enter your e-mail address.")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an e-mail address in the form name@example.se."
        )
        self.fields["employer"].error_messages["required"] = _(
            "Enter your employer or organisation."
        )

    def answers(self):
        """(question, value) for every question answered, in the form's order."""
        answered = []
        for question in self.questions:
            value = self.cleaned_data.get(question_field_name(question)) or ""
            if value.strip():
                answered.append((question, value.strip()))
        return answered


def question_field_name(question):
    return f"fraga_{question.pk}"


def question_field(question):
    """The form field for one registration question, with Swedish messages that name it."""
    label = (
        question.label
        if question.required
        else _("%(question)s (optional)") % {"question": question.label}
    )
    escaped = question.label.replace("%", "%%")  # these messages are formatted once more
    common = {"label": label, "required": question.required, "help_text": question.help_text}
    if question.kind == QuestionKind.YES_NO:
        field = forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    elif question.kind == QuestionKind.CHOICE:
        options = question.option_list()
        field = forms.ChoiceField(
            choices=[("", _("Choose an answer"))] + [(option, option) for option in options],
            **common,
        )
    else:
        field = MultiLineCharField(
            max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), **common
        )
        field.error_messages["max_length"] = _(
            "Answer “%(question)s” in at most 1,000 characters."
        ) % {"question": escaped}
    field.error_messages["required"] = _("Answer the question “%(question)s”.") % {
        "question": question.label
    }
    field.error_messages["invalid_choice"] = _(
        "Choose one of the answers offered to “%(question)s”."
    ) % {"question": escaped}
    return field


class ProposalForm(forms.Form):
    """What a verified organisation's member fills in to propose an event."""

    organisation = forms.ModelChoiceField(label=_("Organiser"), queryset=None, empty_label=None)
    title = SingleLineCharField(label=_("Title"), max_length=200)
    summary = MultiLineCharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in the calendar."),
    )
    description = MultiLineCharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What participants will learn, the programme and who should come."),
    )
    start = forms.DateTimeField(
        label=_("Starts"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    end = forms.DateTimeField(
        label=_("Ends"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    venue = SingleLineCharField(label=_("Venue"), max_length=200, required=False)
    address = SingleLineCharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Link to the online meeting"), required=False, assume_scheme="https"
    )
    municipalities = by_name(
        forms.ModelMultipleChoiceField(
            label=_("Municipalities concerned"),
            queryset=Municipality.objects.order_by("name"),
            required=False,
            help_text=_("Hold Ctrl (or Cmd) to choose several."),
        )
    )
    topics = SingleLineCharField(
        label=_("Topics"),
        max_length=300,
        required=False,
        help_text=_("Separate with commas, e.g. samhällsorientering, SFI."),
    )
    cost = SingleLineCharField(label=_("Cost"), max_length=200, required=False)
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Leave empty if people should not sign up on the portal."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _(
                "Enter a date and time, e.g. 2026-12-01 09:00."
            )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        fmt = cleaned_data.get("format")
        if fmt in (EventFormat.ONSITE, EventFormat.HYBRID) and not cleaned_data.get("address"):
            self.add_error("address", _("Enter the address for an event on site."))
        if start and start.date() > LATEST:
            self.add_error("start", _("Choose a date before 2100."))
        return cleaned_data

    def topic_list(self):
        raw = self.cleaned_data.get("topics") or ""
        return [part.strip() for part in raw.split(",") if part.strip()][:10]


class ParticipantsEmailForm(forms.Form):
    subject = SingleLineCharField(label=_("Subject"), max_length=200)
    body = MultiLineCharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))


class WeeklySeriesForm(forms.Form):
    first_start = forms.DateTimeField(
        label=_("First session starts"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=24 * 60, initial=120
    )
    count = forms.IntegerField(label=_("Number of sessions"), min_value=2, max_value=52, initial=6)
    interval = forms.IntegerField(label=_("Every n:th week"), min_value=1, max_value=8, initial=1)
