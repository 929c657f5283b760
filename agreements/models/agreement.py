"""Regional (RÖK) and local (LÖK) agreements and the index that lists them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal import admin_tabs as tab
from portal.admin_geography import geography_panel
from portal.blocks import BaseStreamBlock
from portal.models import BasePage

from ..blocks import FocusAreaStreamBlock
from ..forms import AgreementPageForm

EXPIRY_WARNING_DAYS = 90


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")


def status_for(valid_from, valid_to, today=None):
    """Upcoming, in force or expired on ``today`` (the Stockholm date); the last day counts
    as in force."""
    today = today or timezone.localdate()
    if today < valid_from:
        return Status.UPCOMING
    if valid_to is not None and today > valid_to:
        return Status.EXPIRED
    return Status.IN_FORCE


class AgreementIndexPage(BasePage):
    """The register of agreements at /overenskommelser/, filterable by type, county,
    municipality, status and year. Sits under the home page; holds the agreement pages."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list."))

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    per_page = 20

    def serve(self, request, *args, **kwargs):
        """Old addresses (county, municipality, type, year, page, status=in_force…) answer a
        301 to the same list in the site's vocabulary before the list is built."""
        from portal.opendata.params import legacy_redirect

        return legacy_redirect(request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..filters import AgreementFilter

        context = super().get_context(request, *args, **kwargs)
        context.update(AgreementFilter(request, self).context())
        return context

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["agreements.AgreementPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agreement index")


class AgreementPage(BasePage):
    """One regional (RÖK) or local (LÖK) agreement: who signed it, for which area and period,
    what it aims at and what the parties promised in its action plan. Its status comes from
    the dates and is never stored."""

    class Kind(models.TextChoices):
        REGIONAL = "rok", _("Regional agreement (RÖK)")
        LOCAL = "lok", _("Local agreement (LÖK)")

    kind = models.CharField(
        _("type"),
        max_length=3,
        choices=Kind.choices,
        default=Kind.REGIONAL,
        help_text=_("Regional agreements cover a county; local ones one or more municipalities."),
    )
    county = models.ForeignKey(
        "portal.County",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("Required for a regional agreement."),
    )
    municipalities = ParentalManyToManyField(
        "portal.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="agreements",
        help_text=_("Required for a local agreement."),
    )
    valid_from = models.DateField(_("valid from"), help_text=_("First day the agreement applies."))
    valid_to = models.DateField(_("valid to"), help_text=_("Last day the agreement applies."))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The body that adopted it, e.g. Integrationsrådet."),
    )
    adopted_at = models.CharField(
        _("adopted in"), max_length=100, blank=True, help_text=_("Place, e.g. Karlskrona.")
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text=_("The earlier agreement this one replaces, so versions form a history."),
    )
    focus_areas = StreamField(FocusAreaStreamBlock(), blank=True, verbose_name=_("focus areas"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("focus_areas"), FieldPanel("body")]
    parties_panels = [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("county"), geography_panel("municipalities")],
            heading=_("Scope"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldRowPanel(
                    [FieldPanel("adopted_on"), FieldPanel("adopted_by"), FieldPanel("adopted_at")]
                ),
                FieldPanel("replaces"),
            ],
            heading=_("Period and decision"),
        ),
        InlinePanel("parties", label=_("Parties"), heading=_("Parties")),
    ]

    edit_handler = tab.page_tabs(
        (tab.CONTENT, content_panels),
        (tab.PARTIES_AND_VALIDITY, parties_panels),
        (
            tab.ACTION_PLAN,
            [InlinePanel("action_items", label=_("Action plan item"), heading=_("Action plan"))],
        ),
        (tab.DOCUMENTS, [InlinePanel("documents", label=_("Document"), heading=_("Documents"))]),
    )

    base_form_class = AgreementPageForm

    search_fields = BasePage.search_fields + [
        index.SearchField("focus_areas"),
        index.SearchField("body"),
        index.SearchField("adopted_by"),
        index.FilterField("kind"),
        index.FilterField("valid_from"),
        index.FilterField("valid_to"),
    ]

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The period ends before it starts: check the dates.")
        if self.kind == self.Kind.REGIONAL and not self.county_id:
            errors["county"] = _("A regional agreement must have a county.")
        if self.kind == self.Kind.LOCAL:
            municipalities = self.municipalities.all()
            if not municipalities:
                errors["municipalities"] = _(
                    "A local agreement must cover at least one municipality."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def status(self):
        return status_for(self.valid_from, self.valid_to)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def days_left(self):
        """Days left when in force and under the warning limit, else None (0 on the last day)."""
        if self.status != Status.IN_FORCE:
            return None
        days = (self.valid_to - timezone.localdate()).days
        return days if days < EXPIRY_WARNING_DAYS else None

    @property
    def period_label(self):
        if self.valid_from.year == self.valid_to.year:
            return str(self.valid_from.year)
        return f"{self.valid_from.year}–{self.valid_to.year}"

    @property
    def short_name(self):
        return f"{'RÖK' if self.kind == self.Kind.REGIONAL else 'LÖK'} {self.period_label}"

    @cached_property
    def history(self):
        """Older versions (via ``replaces``) and newer ones (``replaced_by``), oldest first,
        live pages only; bounded so a broken loop cannot hang a request."""
        older, seen = [], {self.pk}
        current = self.replaces
        while current is not None and current.pk not in seen and len(older) < 20:
            seen.add(current.pk)
            if current.live:
                older.append(current)
            current = current.replaces
        newer = list(AgreementPage.objects.live().filter(replaces=self).order_by("valid_from"))
        return {"older": list(reversed(older)), "newer": newer}

    @cached_property
    def regional_agreement(self):
        """For a local agreement: the live RÖK in force today for a county it lies in."""
        if self.kind != self.Kind.LOCAL:
            return None
        today = timezone.localdate()
        county_ids = {m.county_id for m in self.municipalities.all()}
        return (
            AgreementPage.objects.live()
            .filter(
                kind=self.Kind.REGIONAL,
                county_id__in=county_ids,
                valid_from__lte=today,
                valid_to__gte=today,
            )
            .order_by("-valid_from")
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["parties"] = list(self.parties.select_related("municipality"))
        context["action_items"] = list(self.action_items.all())
        context["documents"] = list(self.documents.select_related("document"))
        return context

    parent_page_types = ["agreements.AgreementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")


class AgreementParty(Orderable):
    """A party to an agreement, in the order the agreement lists them."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        AGENCY = "agency", _("State agency")
        REGION = "region", _("Region")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        OTHER = "other", _("Other")

    page = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When the party is a municipality, choose it here."),
    )

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("municipality")]

    class Meta(Orderable.Meta):
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name


class ActionPlanItem(Orderable):
    """One commitment in the action plan; staff update its progress during the period."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    page = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="action_items")
    goal = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible party"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress = models.CharField(
        _("progress"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )

    panels = [
        FieldPanel("goal"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("responsible"), FieldPanel("due_date"), FieldPanel("progress")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")

    @property
    def is_overdue(self):
        return (
            self.due_date is not None
            and self.progress in {self.Progress.NOT_STARTED, self.Progress.IN_PROGRESS}
            and self.due_date < timezone.localdate()
        )


class AgreementDocument(Orderable):
    """A file that belongs to an agreement: the agreement itself, a decision, an action plan."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        DECISION = "decision", _("Decision")
        ACTION_PLAN = "action_plan", _("Action plan")
        OTHER = "other", _("Other")

    page = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    title = models.CharField(
        _("link text"), max_length=200, blank=True, help_text=_("Defaults to the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("kind"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def link_text(self):
        return self.title or self.document.title

    @property
    def file_type(self):
        return (self.document.file_extension or "").upper()
