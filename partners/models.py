"""The civil-society directory: organisations, their members, invitations and activities.

Organisations register themselves from "Mina sidor" and stay pending until agency staff verify
them in the Wagtail admin; only verified organisations and their published activities are public.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from . import logos
from .languages import language_names
from .validators import validate_logo, validate_orgnr

RESERVED_SLUGS = {"aktiviteter"}


class LegalForm(models.TextChoices):
    NONPROFIT = "ideell_forening", _("non-profit association")
    FAITH = "trossamfund", _("faith community")
    FOUNDATION = "stiftelse", _("foundation")
    ECONOMIC = "ekonomisk_forening", _("economic association")
    STUDY = "studieforbund", _("study association")
    OTHER = "annan", _("other")


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations anyone may see: verified ones only."""
        return self.filter(status=Organisation.Status.VERIFIED)


class OrganisationArea(TaggedItemBase):
    """An area of work (verksamhetsområde) of one organisation, as a taggit tag."""

    content_object = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="tagged_areas"
    )


class LanguageCodesMixin:
    """Languages are stored as ISO 639 codes separated by spaces (" sv ar en ") so that
    ``language_codes__contains=" ar "`` filters on every database without a join."""

    @property
    def languages(self):
        return self.language_codes.split()

    @languages.setter
    def languages(self, codes):
        codes = [code for code in dict.fromkeys(codes) if code]
        self.language_codes = f" {' '.join(codes)} " if codes else ""

    @property
    def language_names(self):
        return language_names(self.languages)


class Organisation(LanguageCodesMixin, models.Model):
    """An association, faith community, foundation or study association in the directory."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_orgnr],
        help_text=_("Ten digits, e.g. 802480-1234."),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, default=LegalForm.NONPROFIT
    )
    description = models.TextField(
        _("description"), blank=True, max_length=5000, help_text=_("What the organisation does.")
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("organisation e-mail"), blank=True)
    email_public = models.BooleanField(_("show the e-mail address publicly"), default=False)
    phone = models.CharField(_("organisation phone"), max_length=40, blank=True)
    phone_public = models.BooleanField(_("show the phone number publicly"), default=False)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipalities = models.ManyToManyField(
        "portal.Municipality",
        related_name="organisations",
        verbose_name=_("municipalities served"),
        blank=True,
    )
    areas = TaggableManager(
        through=OrganisationArea, verbose_name=_("areas of work"), blank=True, help_text=""
    )
    language_codes = models.CharField(_("languages"), max_length=400, blank=True, default="")
    target_groups = models.ManyToManyField(
        "portal.TargetGroup",
        related_name="organisations",
        verbose_name=_("target groups"),
        blank=True,
    )
    logo = models.ImageField(
        _("logo"), upload_to="partners/logos/", blank=True, validators=[validate_logo]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the organisation was rejected or suspended.")
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    review_requested_at = models.DateTimeField(
        _("new review requested"),
        null=True,
        blank=True,
        help_text=_("When the owners asked staff to review a rejected or suspended organisation."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name", "id"], name="partners_org_status_name_id"),
            # the home page's newest verified organisations
            models.Index(
                fields=["status", "-status_changed_at", "-id"], name="partners_org_status_newest"
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        update_fields = kwargs.get("update_fields")
        previous_logo = ""
        if self.pk and (update_fields is None or "logo" in update_fields):
            previous_logo = (
                Organisation.objects.filter(pk=self.pk).values_list("logo", flat=True).first()
            ) or ""
        logos.store_rendition(self)
        super().save(*args, **kwargs)
        if previous_logo and previous_logo != self.logo.name:
            logos.delete_later(self.logo.storage, previous_logo)

    def get_absolute_url(self):
        return reverse("partners:organisation_detail", kwargs={"slug": self.slug})

    def unique_slug(self):
        base = slugify(self.name)[:200] or "forening"
        slug, number = base, 2
        while (
            slug in RESERVED_SLUGS
            or Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists()
        ):
            slug = f"{base}-{number}"
            number += 1
        return slug

    @property
    def is_public(self):
        return self.status == self.Status.VERIFIED

    @property
    def held_by_staff(self):
        """Rejected or suspended: only staff may make it public again; the owners may correct
        the details and ask for a new review."""
        return self.status in (self.Status.REJECTED, self.Status.SUSPENDED)

    def owners(self):
        return self.memberships.filter(role=Membership.Role.OWNER)


class Membership(models.Model):
    """A user's role in an organisation: owners manage members, editors manage content."""

    # a person's record: never a listed use (see events.Signup)
    wagtail_reference_index_ignore = True

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        EDITOR = "editor", _("editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_owner(self):
        return self.role == self.Role.OWNER


class Invitation(models.Model):
    """An invitation by e-mail to join an organisation; the link is signed, expires and works
    once."""

    # a person's record: never a listed use (see events.Signup)
    wagtail_reference_index_ignore = True

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="partner_invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"


class ActivityKind(models.TextChoices):
    LANGUAGE_CAFE = "language_cafe", _("language café")
    REFUGEE_GUIDE = "refugee_guide", _("refugee guide")
    MENTORING = "mentoring", _("mentoring")
    HOMEWORK_HELP = "homework_help", _("homework help")
    DIGITAL_SKILLS = "digital_skills", _("digital skills")
    LABOUR_MARKET = "labour_market", _("labour-market knowledge")
    HEALTH = "health", _("health promotion")
    SPORTS = "sports", _("sports and leisure")
    OTHER = "other", _("other")


class Weekday(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """Published activities of verified organisations, never one staff took down."""
        return self.filter(
            status=Activity.Status.PUBLISHED,
            organisation__status=Organisation.Status.VERIFIED,
            moderation_reason="",
        )


class Activity(LanguageCodesMixin, models.Model):
    """Something an organisation does regularly or on given dates: a language café, homework
    help, a refugee guide programme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    description = models.TextField(_("description"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    weekday_codes = models.CharField(_("weekdays"), max_length=40, blank=True, default="")
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    start_date = models.DateField(_("first date"), null=True, blank=True)
    end_date = models.DateField(_("last date"), null=True, blank=True)
    schedule_note = models.CharField(
        _("schedule note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'not during school holidays'."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "portal.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("municipality"),
    )
    target_groups = models.ManyToManyField(
        "portal.TargetGroup",
        related_name="activities",
        verbose_name=_("target groups"),
        blank=True,
    )
    language_codes = models.CharField(_("languages"), max_length=400, blank=True, default="")
    cost = models.CharField(
        _("cost"), max_length=100, blank=True, help_text=_("E.g. 'free' or '50 kr per term'.")
    )
    contact = models.CharField(
        _("public contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown publicly: use the organisation's shared address or number, not a personal one."
        ),
    )
    moderation_reason = models.TextField(
        _("moderation note"),
        blank=True,
        help_text=_("Why staff unpublished the activity; shown to the organisation's members."),
    )
    review_requested_at = models.DateTimeField(
        _("new review requested"),
        null=True,
        blank=True,
        help_text=_("When the members asked staff to review the activity they unpublished."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_activities_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "title", "id"], name="partners_act_status_title_id")
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "partners:activity_detail",
            kwargs={"slug": self.organisation.slug, "pk": self.pk},
        )

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.organisation.status == Organisation.Status.VERIFIED
            and not self.moderation_reason
        )

    @property
    def unpublished_by_staff(self):
        """Staff took it off the public site (with a reason): only staff may publish it again."""
        return bool(self.moderation_reason)

    @property
    def weekdays(self):
        return self.weekday_codes.split()

    @weekdays.setter
    def weekdays(self, codes):
        order = list(Weekday.values)
        codes = sorted({code for code in codes if code in order}, key=order.index)
        self.weekday_codes = " ".join(codes)

    @property
    def weekday_names(self):
        labels = dict(Weekday.choices)
        order = list(labels)
        codes = sorted((c for c in self.weekdays if c in labels), key=order.index)
        return [labels[code] for code in codes]

    @property
    def schedule_text(self):
        """When it takes place, in words: "tisdag, torsdag klockan 17:00–19:00 · 3 mars 2026", the
        time of day written as in the calendar."""
        from django.utils.formats import date_format, time_format

        parts = []
        days = ", ".join(str(name) for name in self.weekday_names)
        if self.start_time:
            hours = time_format(self.start_time, "H:i")
            if self.end_time:
                hours += "–" + time_format(self.end_time, "H:i")
            days = (_("%(days)s at %(hours)s") % {"days": days, "hours": hours}).strip()
        if days:
            parts.append(days)
        if self.start_date:
            dates = date_format(self.start_date, "j F Y")
            if self.end_date and self.end_date != self.start_date:
                dates += "–" + date_format(self.end_date, "j F Y")
            parts.append(dates)
        if self.schedule_note:
            parts.append(self.schedule_note)
        return " · ".join(parts)

    @property
    def place_text(self):
        parts = [str(_("Online"))] if self.is_online else []
        parts += [part for part in (self.address, getattr(self.municipality, "name", "")) if part]
        return ", ".join(parts)


@receiver(post_delete, sender=Organisation, dispatch_uid="partners_delete_logo_file")
def delete_logo_file(sender, instance, **kwargs):
    """A closed or deleted organisation leaves no logo file behind."""
    if instance.logo:
        logos.delete_later(instance.logo.storage, instance.logo.name)
