"""Date and time in Swedish time, typed by people: the daylight-saving edges handled on purpose.

Django's own form field refuses every time near a change ("may be ambiguous or it may not
exist"), so an editor could not enter 02:30 on the last Sunday of October, a perfectly real time.
Here a repeated time (October) is read as its first occurrence, summer time, as RFC 5545 does,
and only a time that does not exist (the hour skipped in March) is refused, with one message.
"""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stockholm_time(naive):
    """``naive`` wall-clock time in Stockholm as an aware datetime; ValidationError if that
    time is skipped by the change to summer time."""
    aware = naive.replace(tzinfo=STOCKHOLM, fold=0)
    back = aware.astimezone(datetime.UTC).astimezone(STOCKHOLM).replace(tzinfo=None, fold=0)
    if back != naive.replace(fold=0):
        raise ValidationError(
            _(
                "%(time)s does not exist in Swedish time: the clocks go forward from 02:00 to "
                "03:00 that night. Choose a time before 02:00 or from 03:00."
            ),
            code="nonexistent_time",
            params={"time": naive.strftime("%Y-%m-%d %H:%M")},
        )
    return aware


class StockholmDateTimeField(forms.DateTimeField):
    """A form field for a date and time typed in Swedish time (see the module docstring)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value if timezone.is_aware(value) else stockholm_time(value)
        if isinstance(value, datetime.date):
            return stockholm_time(datetime.datetime(value.year, value.month, value.day))
        text = str(value).strip()
        try:
            result = parse_datetime(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if result is None:
            result = forms.BaseTemporalField.to_python(self, text)
        if timezone.is_aware(result):
            return result
        return stockholm_time(result)


class LocalDateTimeField(models.DateTimeField):
    """A DateTimeField whose form field is StockholmDateTimeField (the column is unchanged)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": StockholmDateTimeField, **kwargs})
