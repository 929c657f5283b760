"""Saved searches ("Bevaka"): a query and filters someone follows by e-mail, and the items
already told about, so that no digest ever sends an item twice.

The model lives in the site core because it spans every kind of content; the forms, the
confirmation, the digest and the unsubscribe pages are in portal.opendata.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """One followed query, confirmed by a click in an e-mail (double opt-in) before anything
    is sent; unconfirmed ones are deleted after ``UNCONFIRMED_DAYS``."""

    # a person's record: never a listed use (see events.Signup)
    wagtail_reference_index_ignore = True

    UNCONFIRMED_DAYS = 7

    class Scope(models.TextChoices):
        SEARCH = "sok", _("Search")
        AGREEMENTS = "overenskommelser", _("Agreements")
        ORGANISATIONS = "foreningar", _("Organisations")
        ACTIVITIES = "aktiviteter", _("Activities")
        EVENTS = "kalender", _("Calendar")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    email = models.EmailField(_("e-mail"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("account"),
    )
    scope = models.CharField(_("what is followed"), max_length=20, choices=Scope.choices)
    query = models.JSONField(
        _("query"), default=list, help_text=_("[name, value] pairs in the site's vocabulary.")
    )
    label = models.CharField(_("description"), max_length=300)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return f"{self.email}: {self.label}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class SavedSearchItem(models.Model):
    """One version of an item a saved search has seen: sent in a digest (``sent_at``), or
    already there when the search was confirmed (``sent_at`` empty), so only what is new or
    changed afterwards is sent.

    ``version`` is when the item was last changed (UTC, fixed-width ISO, so that text order is
    time order). The unique constraint is the guard that no version of an item is ever
    recorded, and so sent, twice to the same saved search."""

    # a person's record: never a listed use (see events.Signup)
    wagtail_reference_index_ignore = True

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=200)
    version = models.CharField(max_length=32, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "key", "version"], name="unique_saved_search_item_version"
            )
        ]
        verbose_name = _("saved search item")
        verbose_name_plural = _("saved search items")

    def __str__(self):
        return self.key
