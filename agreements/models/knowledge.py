"""The knowledge library: method-support documents and collaboration projects."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from portal import admin_tabs as tab
from portal.admin_geography import geography_panel
from portal.blocks import BaseStreamBlock
from portal.models import BasePage

from ..blocks import DocumentChaptersBlock, chapter_anchor


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MethodSupportIndexPage(BasePage):
    """The list of method-support material at /metodstod/."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = (
            MethodSupportPage.objects.child_of(self)
            .live()
            .public()
            .select_related("pdf")
            .order_by("-publication_year", "title")
        )
        return context

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["agreements.MethodSupportPage"]
    max_count = 1

    class Meta:
        verbose_name = _("method support index")


class MethodSupportPage(BasePage):
    """A long guidance document (e.g. Metodstöd för samverkan 2017) published as chapters with
    anchors, a table of contents, reflective questions and appendices."""

    publishers = models.TextField(
        _("publishers"), help_text=_("One organisation per line, in the order to show them.")
    )
    publication_year = models.PositiveSmallIntegerField(_("publication year"))
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The whole document to download."),
    )
    chapters = StreamField(DocumentChaptersBlock(), blank=True, verbose_name=_("chapters"))

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("publication_year"), FieldPanel("pdf")]),
        FieldPanel("publishers"),
        FieldPanel("chapters"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("chapters"),
        index.SearchField("publishers"),
    ]

    @property
    def publisher_list(self):
        return split_lines(self.publishers)

    def table_of_contents(self):
        """(anchor, title, is_appendix) for each chapter, in order."""
        return [
            (chapter_anchor(block.value, i), block.value["title"], block.block_type == "appendix")
            for i, block in enumerate(self.chapters, start=1)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        toc = self.table_of_contents()
        context["toc"] = toc
        context["chapters"] = [
            {"anchor": anchor, "block": block, "is_appendix": is_appendix}
            for (anchor, _title, is_appendix), block in zip(toc, self.chapters, strict=True)
        ]
        return context

    parent_page_types = ["agreements.MethodSupportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("method support")
        verbose_name_plural = _("method support")


class ProjectIndexPage(BasePage):
    """Collaboration projects at /projekt/, filterable into running, upcoming and finished
    (``status=pagar|kommande|avslutade``) and paged with ``sida``, in the site's vocabulary."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    # the English status values the list used before, answered with a 301 to the new ones
    OLD_STATUS = {"running": "pagar", "upcoming": "kommande", "finished": "avslutade"}

    def serve(self, request, *args, **kwargs):
        from portal.opendata.params import legacy_redirect

        return legacy_redirect(request, values={"status": self.OLD_STATUS}) or super().serve(
            request, *args, **kwargs
        )

    def get_context(self, request, *args, **kwargs):
        from portal.pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        projects = ProjectPage.objects.child_of(self).live().public()
        running = projects.filter(starts_on__lte=today, ends_on__gte=today)
        finished = projects.filter(ends_on__lt=today)
        upcoming = projects.filter(starts_on__gt=today)
        state = request.GET.get("status", "")
        chosen = {"pagar": running, "avslutade": finished, "kommande": upcoming}.get(state)
        context["ignored_filters"] = chosen is None and bool(state)
        if chosen is None:
            state, chosen = "", projects
        context["status_options"] = [
            ("", _("All"), projects.count()),
            ("pagar", _("Running"), running.count()),
            ("kommande", _("Upcoming"), upcoming.count()),
            ("avslutade", _("Finished"), finished.count()),
        ]
        context["status"] = state
        context["projects"] = paginate(
            request,
            chosen.order_by("-starts_on", "title").prefetch_related(
                "pilot_municipalities", "counties"
            ),
            self.per_page,
        )
        return context

    per_page = 20

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["agreements.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = _("project index")


class ProjectPage(BasePage):
    """A time-boxed collaboration project: owner, partners, pilot municipalities, period,
    funding, target groups, planned activities and a contact."""

    project_owner = models.CharField(_("project owner"), max_length=200)
    partners = models.TextField(
        _("partner organisations"), blank=True, help_text=_("One organisation per line.")
    )
    counties = ParentalManyToManyField(
        "portal.County", verbose_name=_("counties"), blank=True, related_name="projects"
    )
    pilot_municipalities = ParentalManyToManyField(
        "portal.Municipality",
        verbose_name=_("pilot municipalities"),
        blank=True,
        related_name="pilot_projects",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    period_note = models.CharField(
        _("note on the period"),
        max_length=300,
        blank=True,
        help_text=_("E.g. when sources give different end dates."),
    )
    funding = models.CharField(
        _("funding"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the EU's Asylum, Migration and Integration Fund (AMIF)."),
    )
    target_groups = ParentalManyToManyField(
        "portal.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="projects"
    )
    activities = RichTextField(
        _("planned activities"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("A shared mailbox, not a personal address: it is shown publicly."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("project_owner"),
        FieldPanel("partners"),
        FieldPanel("funding"),
        FieldPanel("target_groups"),
        FieldPanel("activities"),
        FieldPanel("body"),
    ]
    area_panels = [
        geography_panel("counties"),
        geography_panel("pilot_municipalities"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("period_note"),
            ],
            heading=_("Period"),
        ),
    ]

    edit_handler = tab.page_tabs(
        (tab.CONTENT, content_panels),
        (tab.AREA_AND_PERIOD, area_panels),
        (tab.CONTACT, [FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")])]),
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("project_owner"),
        index.SearchField("partners"),
        index.SearchField("activities"),
        index.SearchField("body"),
        index.SearchField("funding"),
    ]

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The project ends before it starts.")})

    @property
    def partner_list(self):
        return split_lines(self.partners)

    @property
    def is_running(self):
        return self.starts_on <= timezone.localdate() <= self.ends_on

    @property
    def state_label(self):
        today = timezone.localdate()
        if today < self.starts_on:
            return _("Upcoming")
        if today > self.ends_on:
            return _("Finished")
        return _("Running")

    parent_page_types = ["agreements.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
