"""What the municipality and county overviews need beyond geography: the county board's contact
details, which counties a staff member works with (and whether they want the weekly digest),
and a record of each digest sent, so a second run in the same week sends nothing.

Imported at the end of ``portal.models`` so Django finds the models.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class CountyBoardContact(models.Model):
    """How to reach the county administrative board (länsstyrelsen) of one county, as shown on
    the county's and its municipalities' overview pages. Counties without a row fall back to
    the addresses every länsstyrelse uses (lansstyrelsen.se/<län>)."""

    county = models.OneToOneField(
        "portal.County",
        on_delete=models.CASCADE,
        related_name="board_contact",
        verbose_name=_("county"),
    )
    name = models.CharField(
        _("name"), max_length=120, blank=True, help_text=_("E.g. Länsstyrelsen Dalarna.")
    )
    unit = models.CharField(
        _("unit or contact"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the integration unit; a shared function, never a private person."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("county"),
        FieldPanel("name"),
        FieldPanel("unit"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("website"),
    ]

    class Meta:
        ordering = ["county__code"]
        verbose_name = _("county board contact")
        verbose_name_plural = _("county board contacts")

    def __str__(self):
        return self.name or str(self.county)


class StaffProfile(models.Model):
    """The counties a staff member works with: their dashboard, report and digest show these
    counties first (the gaps only these). Opting in to the weekly digest is stored here too."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    counties = models.ManyToManyField(
        "portal.County",
        related_name="staff_profiles",
        verbose_name=_("counties"),
        blank=True,
        help_text=_("The counties this person works with."),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=False,
        help_text=_("Send a weekly e-mail with what waits and the gaps in these counties."),
    )

    panels = [FieldPanel("user"), FieldPanel("counties"), FieldPanel("weekly_digest")]

    class Meta:
        verbose_name = _("staff member's counties")
        verbose_name_plural = _("staff members' counties")

    def __str__(self):
        return str(self.user)


class DigestDelivery(models.Model):
    """One weekly digest sent to one user: the unique week makes a second run a no-op."""

    # a person's record: never a listed use (see events.Signup)
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="overview_digests",
        verbose_name=_("user"),
    )
    week = models.CharField(_("week"), max_length=8, help_text=_("ISO week, e.g. 2026-W48."))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="unique_digest_per_user_week")
        ]

    def __str__(self):
        return f"{self.user} {self.week}"
