"""Event pages and their occurrences (a course of three sessions is one event, three occurrences)."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from dateutil import rrule
from taggit.models import TaggedItemBase

from events.fields import LocalDateTimeField
from portal import admin_tabs
from portal.admin_geography import geography_panel
from portal.blocks import BaseStreamBlock
from portal.models import BasePage
from portal.text import single_line

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SINGLE_LINE_FIELDS = (
    "title",
    "draft_title",
    "seo_title",
    "organiser_name",
    "audience",
    "venue",
    "address",
    "cost",
    "language",
)
SIGN_UP_TAB = _("Sign-up")
CATEGORIES_TAB = _("Categories")


class EventFormat(models.TextChoices):
    ONSITE = "onsite", _("on site")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid (on site and online)")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


class EventTopic(TaggedItemBase):
    """The through model for an event's topics (django-taggit tags)."""

    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EventPageForm(WagtailAdminPageForm):
    """Checks across occurrences that no single occurrence form can see."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("occurrences")
        if formset is None or not formset.is_valid():
            return cleaned_data
        starts = [
            form.cleaned_data["start"]
            for form in formset.ordered_forms or formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("start")
        ]
        if not starts:
            raise ValidationError(_("Add at least one occurrence with a start time."))
        if starts != sorted(starts):
            raise ValidationError(
                _("The occurrences are out of order: list them from the earliest to the latest.")
            )
        return cleaned_data


class EventPage(RoutablePageMixin, BasePage):
    """One competence-raising event in the calendar, with one or more occurrences.

    Lives under the calendar (CalendarIndexPage). Cancelled events stay published and are shown as
    cancelled, so people who saw them learn what happened; sign-ups live in ``Signup``.
    """

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_("A cancelled event stays in the calendar, marked as cancelled."),
    )
    cancellation_note = models.TextField(
        _("cancellation note"),
        blank=True,
        help_text=_("Why the event was cancelled and whether it will be offered again."),
    )
    organiser_name = models.CharField(
        _("organiser"),
        max_length=200,
        blank=True,
        help_text=_("The county administrative board, an agency or another organiser, as text."),
    )
    organiser_organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("organising organisation"),
        help_text=_("A verified organisation from the directory, if it organises the event."),
    )
    audience = models.CharField(
        _("audience"),
        max_length=300,
        blank=True,
        help_text=_("Who the event is for, e.g. municipal staff, teachers or volunteers."),
    )
    target_groups = ParentalManyToManyField(
        "portal.TargetGroup",
        blank=True,
        related_name="events",
        verbose_name=_("target groups"),
        help_text=_("The groups the event is about or for."),
    )
    topics = ClusterTaggableManager(
        through=EventTopic,
        blank=True,
        verbose_name=_("topics"),
        help_text=_("Topics, e.g. samhällsorientering or traumamedvetet bemötande."),
    )
    counties = ParentalManyToManyField(
        "portal.County",
        blank=True,
        related_name="events",
        verbose_name=_("counties"),
        help_text=_("The counties the event concerns."),
    )
    municipalities = ParentalManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="events",
        verbose_name=_("municipalities"),
        help_text=_("The municipalities the event concerns."),
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=EventFormat.choices,
        default=EventFormat.ONSITE,
        help_text=_("On site, online or both."),
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("The name of the place, if on site.")
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Street address and town.")
    )
    online_url = models.URLField(
        _("link to the online meeting"),
        blank=True,
        help_text=_("For online and hybrid events."),
    )
    online_url_participants_only = models.BooleanField(
        _("send the link only to participants"),
        default=True,
        help_text=_(
            "With sign-up on the portal, the link is sent only to people with a confirmed place "
            "(in the confirmation and its calendar file), never shown on the page or in the feed."
        ),
    )
    cost = models.CharField(
        _("cost"), max_length=200, blank=True, help_text=_("E.g. 'Free of charge' or '500 kr'.")
    )
    language = models.CharField(
        _("language"),
        max_length=100,
        blank=True,
        default="svenska",
        help_text=_("The language the event is held in."),
    )
    signup_enabled = models.BooleanField(
        _("sign-up on the portal"),
        default=False,
        help_text=_("Let people sign up here; the list is under Participants in the admin."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Number of places. When they are taken, new sign-ups join the waiting list. "
            "Empty means no limit."
        ),
    )
    signup_deadline = models.DateTimeField(
        _("sign-up deadline"),
        null=True,
        blank=True,
        help_text=_("The last moment to sign up. Empty means until the event starts."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_events",
        verbose_name=_("proposed by"),
        editable=False,
    )

    base_form_class = EventPageForm

    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("organiser_name"), FieldPanel("organiser_organisation")],
            heading=_("Organiser"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("cancellation_note")], heading=_("Status")
        ),
    ]
    time_and_place_panels = [
        InlinePanel(
            "occurrences",
            label=_("Occurrence"),
            min_num=1,
            heading=_("Occurrences"),
            help_text=_("Date and time in Swedish time, from the earliest to the latest."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("address")]),
                FieldPanel("online_url"),
                FieldPanel("online_url_participants_only"),
                FieldRowPanel([FieldPanel("cost"), FieldPanel("language")]),
            ],
            heading=_("Where and how"),
        ),
    ]
    signup_panels = [
        MultiFieldPanel(
            [FieldPanel("signup_enabled"), FieldPanel("capacity"), FieldPanel("signup_deadline")],
            heading=_("Sign-up"),
        ),
        InlinePanel(
            "questions",
            label=_("Question"),
            heading=_("Registration questions"),
            help_text=_(
                "Optional questions in the sign-up form. The answers are in the participant list "
                "and its export."
            ),
        ),
    ]
    category_panels = [
        FieldPanel("audience"),
        FieldPanel("target_groups"),
        FieldPanel("topics"),
        geography_panel("counties"),
        geography_panel("municipalities"),
    ]

    edit_handler = admin_tabs.page_tabs(
        (admin_tabs.CONTENT, content_panels),
        (admin_tabs.TIME_AND_PLACE, time_and_place_panels),
        (SIGN_UP_TAB, signup_panels),
        (CATEGORIES_TAB, category_panels),
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("organiser_name"),
        index.SearchField("audience"),
        index.FilterField("status"),
        index.FilterField("format"),
    ]

    parent_page_types = ["events.CalendarIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- validation -----------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.pk and self.capacity is not None:
            confirmed = self.signups.confirmed().count()
            if self.capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(confirmed)s people already have a confirmed place; the capacity "
                            "cannot be lower. Cancel sign-ups first."
                        )
                        % {"confirmed": confirmed}
                    }
                )

    def save(self, *args, **kwargs):
        self.single_line_fields()
        if not kwargs.get("update_fields"):
            self._add_counties_of_municipalities()
        super().save(*args, **kwargs)

    def single_line_fields(self):
        """Titles and places end up in e-mail subjects and ICS lines: one line each, whoever
        typed them (forms do this too; this covers the admin and older revisions)."""
        for name in SINGLE_LINE_FIELDS:
            value = getattr(self, name, None)
            if value:
                setattr(self, name, single_line(value))

    def _add_counties_of_municipalities(self):
        from portal.models import County

        try:
            wanted = {municipality.county_id for municipality in self.municipalities.all()}
        except ValueError:  # a new page with no municipalities set
            return
        try:
            current = list(self.counties.all())
        except ValueError:
            current = []
        missing = wanted - {county.pk for county in current}
        if missing:
            self.counties.set(current + list(County.objects.filter(pk__in=missing)))

    # --- occurrences ----------------------------------------------------------------------

    @cached_property
    def occurrence_list(self):
        """Occurrences in time order (uses the prefetch cache when there is one)."""
        return sorted(self.occurrences.all(), key=lambda occurrence: occurrence.start)

    @property
    def held_sessions(self):
        """The occurrences that are not cancelled, in time order."""
        return [occurrence for occurrence in self.occurrence_list if not occurrence.cancelled]

    @property
    def first_occurrence(self):
        occurrences = self.occurrence_list
        return occurrences[0] if occurrences else None

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def online_url_is_private(self):
        return bool(self.online_url and self.signup_enabled and self.online_url_participants_only)

    @property
    def public_online_url(self):
        """The meeting link anyone may see: empty when it is sent to participants only."""
        return "" if self.online_url_is_private else self.online_url

    @property
    def organiser_display(self):
        if self.organiser_organisation_id:
            return self.organiser_organisation.name
        return self.organiser_name

    def schedule_fingerprint(self):
        """What a calendar program must hear about: times, cancellations, status, place."""
        parts = [self.status, self.venue, self.address, self.title]
        for occurrence in self.occurrence_list:
            parts.append(
                f"{occurrence.pk}:{occurrence.start.isoformat()}:{occurrence.end.isoformat()}:"
                f"{occurrence.all_day}:{occurrence.cancelled}"
            )
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def schedule_snapshot(self):
        """What participants rely on, as JSON: compared on publish to tell them what changed."""
        return {
            "title": self.title,
            "status": self.status,
            "venue": self.venue,
            "address": self.address,
            "online_url": self.online_url,
            "occurrences": {
                str(occurrence.pk): {
                    "uid": occurrence.ics_uid(),
                    "start": occurrence.start.isoformat(),
                    "end": occurrence.end.isoformat(),
                    "all_day": occurrence.all_day,
                    "cancelled": occurrence.cancelled,
                }
                for occurrence in self.occurrence_list
            },
        }

    def add_weekly_series(self, first_start, duration, count, interval=1):
        """Append ``count`` occurrences every ``interval`` weeks from ``first_start`` (aware).

        Keeps wall-clock time across daylight-saving changes; the editor edits the result.
        """
        local_start = timezone.localtime(first_start, STOCKHOLM).replace(tzinfo=None)
        starts = rrule.rrule(rrule.WEEKLY, dtstart=local_start, count=count, interval=interval)
        created = []
        for naive in starts:
            start = naive.replace(tzinfo=STOCKHOLM)
            occurrence = EventOccurrence(start=start, end=start + duration)
            self.occurrences.add(occurrence)
            created.append(occurrence)
        return created

    # --- sign-up --------------------------------------------------------------------------

    def signup_closes_at(self):
        if self.signup_deadline:
            return self.signup_deadline
        first = self.first_occurrence
        return first.start if first else None

    def signup_closed_reason(self, now=None):
        """Why sign-up is not possible now, or None when it is open."""
        now = now or timezone.now()
        if not self.signup_enabled:
            return _("This event does not use sign-up on the portal.")
        if self.is_cancelled:
            return _("The event is cancelled, so sign-up is closed.")
        closes = self.signup_closes_at()
        if closes is None or now >= closes:
            return _("The sign-up deadline has passed.")
        return None

    # --- routes ---------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calendar"] = self.get_parent().specific
        return context

    @path("")
    def event(self, request):
        from events.views import event_page

        return event_page(request, self)

    @path("ics/")
    def ics(self, request):
        from events.views import event_ics

        return event_ics(request, self)

    @path("avboka/<slug:token>/")
    def cancel_signup(self, request, token):
        from events.views import cancel_signup

        return cancel_signup(request, self, token)

    @path("intyg/<slug:token>/")
    def certificate(self, request, token):
        from events.views import certificate

        return certificate(request, self, token)


class OccurrenceTimes:
    """An occurrence's times in Swedish time, from its ``start`` and ``end``: the one definition
    for the model and for the light rows the month grid reads (``events.queries.GridOccurrence``)."""

    @property
    def local_start(self):
        return timezone.localtime(self.start, STOCKHOLM)

    @property
    def local_end(self):
        return timezone.localtime(self.end, STOCKHOLM)

    @property
    def last_local_date(self):
        """The last day the occurrence covers, in Swedish time: the one definition of its end
        date, used by the page, the month grid and the ICS (whose all-day DTEND is the day
        after). An end at midnight, or any end of an all-day session, belongs to the day before
        when the session began earlier."""
        first = self.local_start.date()
        last = self.local_end.date()
        if last > first and self.local_end.time() == datetime.time(0, 0):
            last -= datetime.timedelta(days=1)
        return max(first, last)

    @property
    def local_end_time(self):
        """The end's clock time; "24:00" for a session that ends at midnight."""
        end = self.local_end
        if end.time() == datetime.time(0, 0) and end.date() > self.local_start.date():
            return "24:00"
        return end.strftime("%H:%M")

    @property
    def ends_same_day(self):
        return self.local_start.date() == self.last_local_date

    def local_dates(self):
        """Each local date the occurrence covers (an all-day session may cover several)."""
        day = self.local_start.date()
        last = self.last_local_date
        days = []
        while day <= last and len(days) < 62:
            days.append(day)
            day += datetime.timedelta(days=1)
        return days


class EventOccurrence(OccurrenceTimes, Orderable):
    """One session of an event: aware start and end, stored in UTC, shown in Swedish time."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = LocalDateTimeField(_("start"), help_text=_("Date and time in Swedish time."))
    end = LocalDateTimeField(_("end"), help_text=_("Date and time in Swedish time."))
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Show only the dates, without times.")
    )
    cancelled = models.BooleanField(
        _("cancelled"), default=False, help_text=_("This session is cancelled; the rest are not.")
    )
    moved_from = models.DateTimeField(
        _("moved from"),
        null=True,
        blank=True,
        help_text=_("If the session was moved, its original start; shown as 'Moved from …'."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. 'Part 2: practical exercises'.")
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("all_day"), FieldPanel("cancelled")]),
        FieldPanel("moved_from"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        indexes = [models.Index(fields=["start"])]

    def __str__(self):
        return f"{self.page.title} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})

    @property
    def is_cancelled(self):
        return self.cancelled or self.page.is_cancelled

    def ics_uid(self):
        return f"event-{self.page_id}-occ-{self.pk}@samverkansportalen"

    def position(self):
        """``(n, total)`` for courses with several parts."""
        occurrences = self.page.occurrence_list
        ids = [occurrence.pk for occurrence in occurrences]
        return (ids.index(self.pk) + 1 if self.pk in ids else 1), len(ids)


class IcalState(models.Model):
    """SEQUENCE bookkeeping for calendar programs, kept outside page revisions so publishing an
    older draft never winds it back."""

    page = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="ical_state")
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    # the last publish or unpublish: DTSTAMP and LAST-MODIFIED, and the feeds' Last-Modified
    changed_at = models.DateTimeField(null=True, blank=True)
    # what participants were last told (see schedule_snapshot), to say what changed
    snapshot = models.JSONField(default=dict, blank=True)
    # what the calendar's counts and filters last saw of the event (events.queries.facts_of):
    # a publish that leaves it alone renews only the grids of the event's months
    facts = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("calendar feed state")

    def __str__(self):
        return f"{self.page_id}: {self.sequence}"
