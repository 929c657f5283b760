"""Registration questions: what staff ask people who sign up for one event, and their answers.

An answer keeps the question's wording as it was when the person answered, so the participant
list and its export still read right after staff reword or delete the question.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from portal.text import single_line

MAX_OPTIONS = 50


class QuestionKind(models.TextChoices):
    TEXT = "text", _("free text")
    CHOICE = "choice", _("choice from a list")
    YES_NO = "yes_no", _("yes or no")


class RegistrationQuestion(Orderable):
    """One question in an event's sign-up form, edited in the event's admin form."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(
        _("question"), max_length=200, help_text=_("E.g. 'Do you need an interpreter?'")
    )
    kind = models.CharField(
        _("kind of answer"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.TEXT,
    )
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For a choice from a list: one option per line."),
    )
    required = models.BooleanField(
        _("required"), default=False, help_text=_("People cannot sign up without answering.")
    )
    help_text = models.CharField(
        _("help text"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the question, e.g. why you ask."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind")]),
        FieldPanel("options"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("help_text")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.label

    def option_list(self):
        """The options, one per line, without blanks or repeats."""
        seen = []
        for line in (self.options or "").splitlines():
            option = single_line(line).strip()
            if option and option not in seen:
                seen.append(option[:200])
        return seen[:MAX_OPTIONS]

    def clean(self):
        super().clean()
        self.label = single_line(self.label or "").strip()
        self.help_text = single_line(self.help_text or "").strip()
        if self.kind == QuestionKind.CHOICE and len(self.option_list()) < 2:
            raise ValidationError(
                {"options": _("Give at least two options, one per line, for a choice.")}
            )
        if len([line for line in (self.options or "").splitlines() if line.strip()]) > MAX_OPTIONS:
            raise ValidationError({"options": _("At most %(max)s options.") % {"max": MAX_OPTIONS}})


YES, NO = "yes", "no"


class SignupAnswer(models.Model):
    """One person's answer to one question. ``question`` becomes empty when staff delete the
    question; ``label`` still says what was asked."""

    wagtail_reference_index_ignore = True  # personal data (see Signup)

    signup = models.ForeignKey(
        "events.Signup", on_delete=models.CASCADE, related_name="answers", verbose_name=_("sign-up")
    )
    question = models.ForeignKey(
        RegistrationQuestion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        verbose_name=_("question"),
    )
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    value = models.TextField(_("answer"), max_length=1000)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "question"], name="events_one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self):
        """The answer as people read it: yes/no in the reader's language, the rest as given."""
        if self.kind == QuestionKind.YES_NO:
            return {YES: gettext("Yes"), NO: gettext("No")}.get(self.value, self.value)
        return self.value
