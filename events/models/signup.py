"""Sign-ups for events: confirmed places, the waiting list and cancellations."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "events.signup.cancel"


class SignupQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Signup.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Signup.Status.WAITING)

    def active(self):
        return self.exclude(status=Signup.Status.CANCELLED)


class Signup(models.Model):
    """One person's sign-up for one event; personal data is anonymised after the event."""

    # personal data, not content: Wagtail's reference index would list each sign-up, by the
    # person's name, as a use of its event (the admin's usage page, the delete confirmation)
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="signups",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_signups",
        verbose_name=_("account"),
        editable=False,
        help_text=_("The account that was logged in when the person signed up, if any."),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    email_normalised = models.CharField(max_length=254, editable=False)
    employer = models.CharField(_("employer or organisation"), max_length=200)
    municipality = models.ForeignKey(
        "portal.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("municipality"),
    )
    needs = models.TextField(
        _("needs"),
        blank=True,
        max_length=1000,
        help_text=_("E.g. food allergies, interpretation or accessibility needs."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_normalised"],
                condition=~models.Q(status="cancelled"),
                name="events_signup_one_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if not self.anonymised_at:
            self.email_normalised = self.normalise_email(self.email)
        super().save(*args, **kwargs)

    @staticmethod
    def normalise_email(email):
        return (email or "").strip().lower()

    def _token_mac(self):
        return salted_hmac(TOKEN_SALT, f"{self.pk}:{self.created_at.isoformat()}").hexdigest()[:40]

    def cancel_token(self):
        """``<id>-<HMAC>``: only letters, digits and a hyphen, so it fits in a Wagtail page path."""
        return f"{self.pk}-{self._token_mac()}"

    @classmethod
    def from_token(cls, token):
        """The sign-up a cancellation token names; raises signing.BadSignature if forged."""
        pk, _sep, mac = (token or "").partition("-")
        if not pk.isdigit() or not mac or len(pk) > 18:
            raise signing.BadSignature("malformed")
        signup = cls.objects.select_related("event").filter(pk=int(pk)).first()
        if signup is None or not constant_time_compare(mac, signup._token_mac()):
            raise signing.BadSignature("forged")
        return signup

    def attended_every_session(self):
        """True when staff marked the person present at every session that was not cancelled
        (and there was at least one): what a certificate of attendance says."""
        if self.status != Signup.Status.CONFIRMED or self.anonymised_at:
            return False
        sessions = set(self.event.occurrences.filter(cancelled=False).values_list("pk", flat=True))
        attended = set(self.attendance.values_list("occurrence_id", flat=True))
        return bool(sessions) and sessions <= attended

    def anonymise(self, now=None):
        """Remove everything that says who the person was, answers to the event's questions
        included; the event, status, municipality and dates stay, as anonymous counts."""
        self.user = None
        self.name = ""
        self.email = ""
        self.email_normalised = f"anonymised-{self.pk}"
        self.employer = ""
        self.needs = ""
        self.anonymised_at = now or timezone.now()
        self.save()
        self.answers.all().delete()


class OccurrenceReminder(models.Model):
    """A reminder e-mailed to one sign-up for one session: a course of three sessions gets three,
    each the day before, and a second run of the cron command sends none of them again."""

    wagtail_reference_index_ignore = True  # personal data (see Signup)

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="reminders")
    occurrence = models.ForeignKey(
        "events.EventOccurrence", on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "occurrence"], name="events_one_reminder_per_session"
            )
        ]

    def __str__(self):
        return f"{self.signup_id} / {self.occurrence_id}"


class Attendance(models.Model):
    """A participant was there, at one session: marked by staff in the attendance list. Only
    presence is stored; no row means not marked as present."""

    wagtail_reference_index_ignore = True  # personal data (see Signup)

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="attendance")
    occurrence = models.ForeignKey(
        "events.EventOccurrence", on_delete=models.CASCADE, related_name="attendance"
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "occurrence"], name="events_one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.signup_id} / {self.occurrence_id}"


class PersonalCalendar(models.Model):
    """A secret address of one account's own calendar (its sign-ups), for calendar programs,
    which cannot log in. The token is the permission; a new one revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personal calendar")

    def __str__(self):
        return f"{self.user_id}"

    @staticmethod
    def new_token():
        import secrets

        return secrets.token_urlsafe(32)

    @classmethod
    def for_user(cls, user):
        calendar, _created = cls.objects.get_or_create(
            user=user, defaults={"token": cls.new_token()}
        )
        return calendar

    def renew(self):
        """Revoke the current address: calendars subscribed to it stop receiving updates."""
        self.token = self.new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
