"""The site core: geography, target groups, the shared base page and the site's own pages."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock


class County(models.Model):
    """A Swedish county (län) with SCB's two-digit code; loaded by a data migration."""

    code = models.CharField(
        _("code"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    full_name = models.CharField(_("official name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.full_name


class Municipality(models.Model):
    """A Swedish municipality (kommun) with SCB's four-digit code; loaded by a data migration."""

    code = models.CharField(
        _("code"), max_length=4, unique=True, validators=[RegexValidator(r"^\d{4}$")]
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class TargetGroup(models.Model):
    """Who an activity, event or agreement is for; reference data that staff can edit."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.name


class BasePage(Page):
    """Fields every public page has: a short summary used in listings, search and meta tags."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences shown in listings, search results and link previews."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]

    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The site root: an introduction, the latest agreements, upcoming events and search."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("The lead text under the heading.")
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .registry import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = [section.render(request) for section in home_sections()]
        return context


class StandardPage(BasePage):
    """A plain content page: about the portal, privacy, help texts."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class AccessibilityStatementPage(BasePage):
    """The accessibility statement (tillgänglighetsredogörelse) the DOS law requires.

    Its parts follow DIGG's model statement so editors cannot forget one: compliance status,
    known shortcomings, how to report a problem, and how to reach the supervisory authority.
    """

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    compliance = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    known_issues = RichTextField(
        _("known shortcomings"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What on the site is not yet accessible, and what we do about it."),
    )
    report_email = models.EmailField(
        _("e-mail for reporting problems"),
        help_text=_("Where visitors report accessibility problems."),
    )
    report_phone = models.CharField(_("phone for reporting problems"), max_length=40, blank=True)
    assessment_method = models.TextField(
        _("how the site was assessed"),
        blank=True,
        help_text=_("E.g. self-assessment with automated and manual tests."),
    )
    last_reviewed = models.DateField(_("last reviewed"))

    content_panels = BasePage.content_panels + [
        FieldPanel("compliance"),
        FieldPanel("introduction"),
        FieldPanel("known_issues"),
        MultiFieldPanel(
            [FieldPanel("report_email"), FieldPanel("report_phone")], heading=_("Reporting")
        ),
        FieldPanel("assessment_method"),
        FieldPanel("last_reviewed"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("known_issues"),
    ]

    parent_page_types = ["portal.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("accessibility statement")


@register_setting(icon="list-ul")
class SiteChrome(BaseSiteSetting):
    """What the footer shows: contact details and the pages the law requires a link to."""

    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_text = models.CharField(_("contact text"), max_length=200, blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("contact_text"),
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("site header and footer")


from .alerts import SavedSearch, SavedSearchItem  # noqa: E402, F401
from .overview_models import CountyBoardContact, DigestDelivery, StaffProfile  # noqa: E402, F401
