"""Forms for Mina sidor, the public directory's filters and staff decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from taggit.forms import TagField

from portal.choices import by_name
from portal.models import County, Municipality, TargetGroup
from portal.text import MultiLineCharField, SingleLineCharField, single_line

from .languages import LANGUAGES
from .models import Activity, ActivityKind, Membership, Organisation, Weekday
from .validators import clean_orgnr, validate_logo

SUGGESTED_AREAS = [
    "språkträning",
    "läxhjälp",
    "mentorskap",
    "flyktingguider",
    "arbetsmarknad",
    "hälsa",
    "idrott",
    "kultur",
    "digital delaktighet",
    "samhällsorientering",
    "föräldrastöd",
    "boende",
    "juridisk rådgivning",
    "barn och unga",
    "kvinnors delaktighet",
]


class LanguageField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", LANGUAGES)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Languages"))
        super().__init__(**kwargs)


class LogoField(forms.ImageField):
    """Checks bytes and pixels from the file's header first (``validate_logo``), so that a
    decompression bomb gets a clear message before anything opens the image further."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            validate_logo(data)
        return super().to_python(data)


class OrganisationForm(forms.ModelForm):
    areas = TagField(
        label=_("Areas of work"),
        required=False,
        help_text=_("Separate with commas. Suggestions: %(areas)s.")
        % {"areas": ", ".join(SUGGESTED_AREAS)},
    )
    languages = LanguageField(help_text=_("Languages the organisation can work in."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_number",
            "legal_form",
            "description",
            "website",
            "email",
            "email_public",
            "phone",
            "phone_public",
            "street_address",
            "postal_code",
            "city",
            "municipalities",
            "areas",
            "target_groups",
            "logo",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "target_groups": forms.CheckboxSelectMultiple,
            "municipalities": forms.SelectMultiple(attrs={"size": 10}),
            "logo": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
            ),
        }
        field_classes = {
            "name": SingleLineCharField,
            "description": MultiLineCharField,
            "phone": SingleLineCharField,
            "street_address": SingleLineCharField,
            "postal_code": SingleLineCharField,
            "city": SingleLineCharField,
            "logo": LogoField,
        }
        help_texts = {
            "municipalities": _("Hold Ctrl (Cmd on a Mac) to choose more than one."),
            "logo": _(
                "PNG, JPEG, GIF or WebP, at most 2 MB and 4000 × 4000 pixels. It is shown at "
                "most 400 pixels wide."
            ),
            "email": _("The organisation's shared address, not a personal one."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.all()
        self.fields["municipalities"].required = True
        self.fields["target_groups"].queryset = TargetGroup.objects.all()
        by_name(self.fields["municipalities"])
        by_name(self.fields["target_groups"])
        self.fields["logo"].error_messages["invalid_image"] = _(
            "The file is not an image we can read. Upload a PNG, JPEG, GIF or WebP file."
        )
        if self.instance.pk:
            self.initial["languages"] = self.instance.languages
        field_order = list(self.Meta.fields)
        field_order.insert(field_order.index("target_groups"), "languages")
        self.order_fields(field_order)

    MAX_AREAS = 20
    MAX_AREA_LENGTH = 100  # taggit's Tag.name column

    def clean_areas(self):
        areas = [single_line(area) for area in self.cleaned_data.get("areas") or []]
        areas = [area for area in areas if area]
        if any(len(area) > self.MAX_AREA_LENGTH for area in areas):
            raise forms.ValidationError(
                _("Each area of work can be at most %(max)d characters long.")
                % {"max": self.MAX_AREA_LENGTH},
                code="too_long",
            )
        if len(areas) > self.MAX_AREAS:
            raise forms.ValidationError(
                _("Give at most %(max)d areas of work.") % {"max": self.MAX_AREAS},
                code="too_many",
            )
        return areas

    def clean_org_number(self):
        number = clean_orgnr(self.cleaned_data.get("org_number"))
        duplicates = Organisation.objects.filter(org_number=number).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("An organisation with this organisation number is already registered."),
                code="duplicate",
            )
        return number

    def save(self, commit=True):
        self.instance.languages = self.cleaned_data.get("languages", [])
        return super().save(commit=commit)


class ActivityForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = LanguageField()

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "description",
            "start_time",
            "end_time",
            "start_date",
            "end_date",
            "schedule_note",
            "is_online",
            "address",
            "municipality",
            "target_groups",
            "cost",
            "contact",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_groups": forms.CheckboxSelectMultiple,
        }
        labels = {"kind": _("Kind of activity")}
        field_classes = {
            "title": SingleLineCharField,
            "description": MultiLineCharField,
            "schedule_note": SingleLineCharField,
            "address": SingleLineCharField,
            "cost": SingleLineCharField,
            "contact": SingleLineCharField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.all()
        by_name(self.fields["municipality"])
        if self.instance.pk:
            self.initial["weekdays"] = self.instance.weekdays
            self.initial["languages"] = self.instance.languages
        order = list(self.Meta.fields)
        order.insert(order.index("start_time"), "weekdays")
        order.insert(order.index("cost"), "languages")
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last date cannot be before the first date."))
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", _("The activity must end after it starts."))
        if not cleaned.get("is_online") and not cleaned.get("municipality"):
            self.add_error(
                "municipality",
                _("Choose the municipality where it takes place, or mark it online."),
            )
        if not (
            cleaned.get("weekdays")
            or cleaned.get("start_date")
            or cleaned.get("schedule_note", "").strip()
        ):
            self.add_error(
                "weekdays",
                _("Say when it takes place: weekdays, dates or a note about the schedule."),
            )
        return cleaned

    def save(self, commit=True):
        self.instance.weekdays = self.cleaned_data.get("weekdays", [])
        self.instance.languages = self.cleaned_data.get("languages", [])
        return super().save(commit=commit)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.EDITOR
    )

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            self.organisation
            and self.organisation.memberships.filter(user__email__iexact=email).exists()
        ):
            raise forms.ValidationError(_("This person is already a member."), code="member")
        return email


class HandOverForm(forms.Form):
    step_down = forms.BooleanField(
        label=_("Make me an editor afterwards"), required=False, initial=True
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )


class DirectoryFilterForm(forms.Form):
    """The public directory's filters; every value comes from the URL, in the site's one filter
    vocabulary (lan, kommun, amne, malgrupp, sprak, typ)."""

    lan = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All counties"),
    )
    kommun = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All municipalities"),
    )
    amne = forms.CharField(label=_("Area of work"), required=False, max_length=100)
    malgrupp = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
    )
    sprak = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *LANGUAGES], required=False
    )
    typ = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=[("", _("All kinds")), *ActivityKind.choices],
        required=False,
    )

    def __init__(self, *args, area_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if area_choices is not None:
            self.fields["amne"] = forms.ChoiceField(
                label=_("Area of work"),
                choices=[("", _("All areas")), *area_choices],
                required=False,
            )

    def cleaned_or_empty(self):
        """The valid filters only: a junk value in one field is reported and ignored."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "")
        }


class DecisionForm(forms.Form):
    """Staff's decision on an organisation in the Wagtail admin."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("verify", _("Verify")),
            ("reject", _("Reject")),
            ("suspend", _("Suspend")),
        ],
        widget=forms.RadioSelect,
    )
    reason = MultiLineCharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when rejecting or suspending; sent to the owner."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") in ("reject", "suspend")
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give a reason; the owner will read it."))
        return cleaned


class UnpublishForm(forms.Form):
    reason = MultiLineCharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the organisation's members."),
    )


class RepublishForm(forms.Form):
    """Staff confirm that an activity they unpublished may be shown again."""
