"""The public directory (/foreningar/) and the members' pages (/mina-sidor/)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.log_actions import log

from taggit.models import Tag

from portal.models import Municipality, TargetGroup
from portal.pagination import paginate

from . import emails
from .forms import (
    ActivityForm,
    DeleteAccountForm,
    DirectoryFilterForm,
    HandOverForm,
    InvitationForm,
    OrganisationForm,
)
from .languages import LANGUAGES
from .models import Activity, ActivityKind, Invitation, Membership, Organisation, OrganisationArea
from .permissions import membership_of
from .personal_data import export_for

PER_PAGE = 20


# Public directory -----------------------------------------------------------------------------


def _area_choices():
    tag_ids = OrganisationArea.objects.filter(
        content_object__status=Organisation.Status.VERIFIED
    ).values("tag_id")
    return list(Tag.objects.filter(pk__in=tag_ids).order_by("name").values_list("slug", "name"))


def _filter_form(request):
    areas = _area_choices()
    form = DirectoryFilterForm(request.GET or None, area_choices=areas)
    filters = form.cleaned_or_empty() if request.GET else {}
    if form.is_bound and form.errors:
        messages.warning(
            request, _("Some filters had values we do not recognise and were ignored.")
        )
    return form, filters, _filter_fields(filters, areas)


def _filter_fields(filters, areas):
    """The filter form's selects as plain data: rendering 290 municipalities through Django's
    widget templates costs more than every query of the page together."""

    def selected(name):
        value = filters.get(name)
        return getattr(value, "slug", value) or ""

    municipalities = list(
        Municipality.objects.select_related("county").order_by("county__code", "name")
    )
    counties, groups = {}, {}
    for municipality in municipalities:
        counties[municipality.county.slug] = municipality.county.name
        groups.setdefault(municipality.county.name, []).append(
            (municipality.slug, municipality.name)
        )
    return [
        {
            "name": "county",
            "label": _("County"),
            "empty": _("All counties"),
            "options": sorted(counties.items(), key=lambda item: item[1]),
            "selected": selected("county"),
        },
        {
            "name": "municipality",
            "label": _("Municipality"),
            "empty": _("All municipalities"),
            "groups": sorted(groups.items()),
            "selected": selected("municipality"),
        },
        {
            "name": "area",
            "label": _("Area of work"),
            "empty": _("All areas"),
            "options": areas,
            "selected": selected("area"),
        },
        {
            "name": "target_group",
            "label": _("Target group"),
            "empty": _("All target groups"),
            "options": list(TargetGroup.objects.values_list("slug", "name")),
            "selected": selected("target_group"),
        },
        {
            "name": "language",
            "label": _("Language"),
            "empty": _("All languages"),
            "options": sorted(LANGUAGES, key=lambda item: str(item[1])),
            "selected": selected("language"),
        },
        {
            "name": "kind",
            "label": _("Kind of activity"),
            "empty": _("All kinds"),
            "options": [(value, label) for value, label in ActivityKind.choices],
            "selected": selected("kind"),
        },
    ]


def _ids_with_area(slug):
    """Ids of organisations tagged with the area ``slug`` (a subquery)."""
    return OrganisationArea.objects.filter(tag__slug=slug).values("content_object_id")


def _speaking(queryset, code):
    """Rows whose language codes include ``code`` (see LanguageCodesMixin)."""
    return queryset.filter(language_codes__contains=f" {code} ")


def _filter_organisations(organisations, filters):
    if "municipality" in filters:
        organisations = organisations.filter(
            pk__in=Organisation.municipalities.through.objects.filter(
                municipality=filters["municipality"]
            ).values("organisation_id")
        )
    if "county" in filters:
        organisations = organisations.filter(
            pk__in=Organisation.municipalities.through.objects.filter(
                municipality__county=filters["county"]
            ).values("organisation_id")
        )
    if "area" in filters:
        organisations = organisations.filter(pk__in=_ids_with_area(filters["area"]))
    if "target_group" in filters:
        organisations = organisations.filter(
            pk__in=Organisation.target_groups.through.objects.filter(
                targetgroup=filters["target_group"]
            ).values("organisation_id")
        )
    if "language" in filters:
        organisations = _speaking(organisations, filters["language"])
    if "kind" in filters:
        organisations = organisations.filter(
            pk__in=Activity.objects.public().filter(kind=filters["kind"]).values("organisation_id")
        )
    return organisations


def _add_activity_counts(organisations):
    """Public activity counts for one page of organisations, in one query."""
    organisations = list(organisations)
    counts = dict(
        Activity.objects.public()
        .filter(organisation_id__in=[o.pk for o in organisations])
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    for organisation in organisations:
        organisation.public_activity_count = counts.get(organisation.pk, 0)


def organisation_list(request):
    form, filters, filter_fields = _filter_form(request)
    organisations = _filter_organisations(Organisation.objects.public(), filters)
    organisations = organisations.prefetch_related(
        Prefetch("municipalities"),
        Prefetch("tagged_areas", queryset=OrganisationArea.objects.select_related("tag")),
    )
    page_obj = paginate(request, organisations.order_by("name", "pk"), PER_PAGE)
    _add_activity_counts(page_obj.object_list)
    return render(
        request,
        "partners/organisation_list.html",
        {
            "form": form,
            "filters": filters,
            "filter_fields": filter_fields,
            "page_obj": page_obj,
            "organisations": page_obj.object_list,
            "result_count": page_obj.paginator.count,
            "total_count": Organisation.objects.public().count() if filters else None,
        },
    )


def _filter_activities(activities, filters):
    if "municipality" in filters:
        activities = activities.filter(municipality=filters["municipality"])
    if "county" in filters:
        activities = activities.filter(municipality__county=filters["county"])
    if "area" in filters:
        activities = activities.filter(organisation_id__in=_ids_with_area(filters["area"]))
    if "target_group" in filters:
        activities = activities.filter(
            pk__in=Activity.target_groups.through.objects.filter(
                targetgroup=filters["target_group"]
            ).values("activity_id")
        )
    if "language" in filters:
        activities = _speaking(activities, filters["language"])
    if "kind" in filters:
        activities = activities.filter(kind=filters["kind"])
    return activities


def activity_list(request):
    form, filters, filter_fields = _filter_form(request)
    activities = _filter_activities(Activity.objects.public(), filters)
    kind_counts = dict(
        _filter_activities(
            Activity.objects.public(), {k: v for k, v in filters.items() if k != "kind"}
        )
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    activities = activities.select_related("organisation", "municipality").prefetch_related(
        "target_groups"
    )
    page_obj = paginate(request, activities.order_by("title", "pk"), PER_PAGE)
    kinds = [(value, label, kind_counts.get(value, 0)) for value, label in ActivityKind.choices]
    return render(
        request,
        "partners/activity_list.html",
        {
            "form": form,
            "filters": filters,
            "filter_fields": filter_fields,
            "page_obj": page_obj,
            "activities": page_obj.object_list,
            "result_count": page_obj.paginator.count,
            "kinds": kinds,
        },
    )


def _json_ld(data):
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))


def organisation_json_ld(request, organisation):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
        "identifier": organisation.org_number,
    }
    if organisation.description:
        data["description"] = organisation.description
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.email and organisation.email_public:
        data["email"] = organisation.email
    if organisation.phone and organisation.phone_public:
        data["telephone"] = organisation.phone
    if organisation.street_address or organisation.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": organisation.street_address,
            "postalCode": organisation.postal_code,
            "addressLocality": organisation.city,
            "addressCountry": "SE",
        }
    if organisation.logo:
        data["logo"] = request.build_absolute_uri(organisation.logo.url)
    municipalities = list(organisation.municipalities.all())
    if municipalities:
        data["areaServed"] = [
            {"@type": "AdministrativeArea", "name": m.name} for m in municipalities
        ]
    return _json_ld(data)


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.public().prefetch_related(
            "municipalities",
            "target_groups",
            Prefetch("tagged_areas", queryset=OrganisationArea.objects.select_related("tag")),
        ),
        slug=slug,
    )
    activities = (
        Activity.objects.public()
        .filter(organisation=organisation)
        .select_related("organisation", "municipality")
        .prefetch_related("target_groups")
        .order_by("title", "pk")
    )
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "activities": activities,
            "json_ld": organisation_json_ld(request, organisation),
        },
    )


def activity_detail(request, slug, pk):
    activity = get_object_or_404(
        Activity.objects.public()
        .select_related("organisation", "municipality")
        .prefetch_related("target_groups"),
        organisation__slug=slug,
        pk=pk,
    )
    return render(request, "partners/activity_detail.html", {"activity": activity})


# Mina sidor -----------------------------------------------------------------------------------


def _member_organisation(request, pk):
    """The organisation with ``pk`` if the user is a member of it; 404 otherwise."""
    membership = membership_of(request.user, pk)
    if membership is None:
        raise Http404
    return membership.organisation, membership


def _owner_organisation(request, pk):
    organisation, membership = _member_organisation(request, pk)
    if not membership.is_owner:
        raise Http404
    return organisation, membership


@login_required
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .annotate(
            activity_count=Count("organisation__activities", distinct=True),
        )
        .order_by("organisation__name")
    )
    has_verified = any(m.organisation.is_public for m in memberships)
    return render(
        request,
        "partners/mina_sidor/dashboard.html",
        {"memberships": memberships, "has_verified": has_verified},
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save(commit=False)
            organisation.created_by = request.user
            organisation.status = Organisation.Status.PENDING
            organisation.save()
            form.save_m2m()
            Membership.objects.create(
                user=request.user, organisation=organisation, role=Membership.Role.OWNER
            )
        messages.success(
            request,
            _(
                "The organisation is registered. The county administrative board will review it "
                "before it is shown publicly."
            ),
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(request, "partners/mina_sidor/organisation_form.html", {"form": form})


@login_required
def organisation_manage(request, pk):
    organisation, membership = _member_organisation(request, pk)
    activities = organisation.activities.select_related("municipality").order_by("title", "pk")
    members = organisation.memberships.select_related("user").order_by("role", "user__email")
    invitations = organisation.invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by"
    )
    return render(
        request,
        "partners/mina_sidor/organisation_manage.html",
        {
            "organisation": organisation,
            "membership": membership,
            "activities": activities,
            "members": members,
            "owner_count": sum(1 for member in members if member.is_owner),
            "invitations": invitations,
            "invitation_form": InvitationForm(organisation=organisation),
        },
    )


# What the county administrative board vouched for: a verified organisation that changes one
# of these is checked again before it is shown.
VERIFIED_IDENTITY = ("name", "org_number", "legal_form")


@login_required
def organisation_edit(request, pk):
    organisation, _membership = _member_organisation(request, pk)
    verified_as = {field: getattr(organisation, field) for field in VERIFIED_IDENTITY}
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        changed = [f for f, value in verified_as.items() if getattr(organisation, f) != value]
        if organisation.status == Organisation.Status.REJECTED:
            organisation.status = Organisation.Status.PENDING
            organisation.status_changed_at = timezone.now()
            messages.info(
                request,
                _("The organisation has been sent to the county administrative board again."),
            )
        elif organisation.status == Organisation.Status.VERIFIED and changed:
            organisation.status = Organisation.Status.PENDING
            organisation.status_reason = ""
            organisation.status_changed_at = timezone.now()
            log(
                organisation,
                "partners.organisation.resubmit",
                user=request.user,
                data={"changed": changed},
            )
            messages.info(
                request,
                _(
                    "The name, organisation number or legal form changed, so the county "
                    "administrative board checks the organisation again. Until then it is not "
                    "shown in the directory."
                ),
            )
        organisation.save()
        form.save_m2m()
        messages.success(request, _("The changes are saved."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def activity_create(request, pk):
    organisation, _membership = _member_organisation(request, pk)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.organisation = organisation
        activity.created_by = request.user
        activity.status = (
            Activity.Status.PUBLISHED if "publish" in request.POST else Activity.Status.DRAFT
        )
        activity.save()
        form.save_m2m()
        messages.success(request, _("The activity is saved."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/activity_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def activity_edit(request, pk, activity_pk):
    organisation, _membership = _member_organisation(request, pk)
    activity = get_object_or_404(organisation.activities, pk=activity_pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        if "publish" in request.POST:
            activity.status = Activity.Status.PUBLISHED
            activity.moderation_reason = ""
        activity.save()
        form.save_m2m()
        messages.success(request, _("The activity is saved."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/activity_form.html",
        {"form": form, "organisation": organisation, "activity": activity},
    )


@login_required
@require_POST
def activity_status(request, pk, activity_pk):
    organisation, _membership = _member_organisation(request, pk)
    activity = get_object_or_404(organisation.activities, pk=activity_pk)
    status = request.POST.get("status")
    if status not in Activity.Status.values:
        messages.error(request, _("Unknown status; nothing was changed."))
    else:
        activity.status = status
        if status == Activity.Status.PUBLISHED:
            activity.moderation_reason = ""
        activity.save(update_fields=["status", "moderation_reason", "updated_at"])
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": activity.title, "status": activity.get_status_display()},
        )
    return redirect("partners:organisation_manage", pk=organisation.pk)


@login_required
def invite(request, pk):
    organisation, _membership = _owner_organisation(request, pk)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        emails.send_invitation(invitation, request)
        messages.success(
            request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/invite.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    organisation, _membership = _owner_organisation(request, pk)
    invitation = get_object_or_404(
        organisation.invitations.filter(accepted_at__isnull=True), pk=invitation_pk
    )
    invitation.delete()
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("partners:organisation_manage", pk=organisation.pk)


@login_required
def invitation_accept(request, token):
    try:
        invitation_pk = emails.invitation_pk_from_token(token)
    except signing.SignatureExpired:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation has expired. Ask the organisation for a new one.")},
            status=410,
        )
    except (signing.BadSignature, ValueError):
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation link is not valid. Check that you copied all of it.")},
            status=404,
        )
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_pk).first()
    if invitation is None:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation has been withdrawn.")},
            status=410,
        )
    if invitation.accepted_at is not None:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {"reason": _("The invitation has already been used.")},
            status=410,
        )
    user_emails = {address.lower() for address in _verified_emails(request.user)}
    if invitation.email.lower() not in user_emails:
        return render(
            request,
            "partners/mina_sidor/invitation_invalid.html",
            {
                "reason": _(
                    "The invitation was sent to another e-mail address. Log in with the account "
                    "for that address to accept it."
                )
            },
            status=403,
        )
    if request.method == "POST":
        with transaction.atomic():
            updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
                accepted_at=timezone.now(), accepted_by=request.user
            )
            if not updated:
                messages.error(request, _("The invitation has already been used."))
                return redirect("partners:dashboard")
            membership, created = Membership.objects.get_or_create(
                user=request.user,
                organisation=invitation.organisation,
                defaults={"role": invitation.role},
            )
            if not created and invitation.role == Membership.Role.OWNER:
                membership.role = Membership.Role.OWNER
                membership.save(update_fields=["role"])
        messages.success(
            request,
            _("You are now a member of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
        )
        return redirect("partners:organisation_manage", pk=invitation.organisation.pk)
    return render(request, "partners/mina_sidor/invitation_accept.html", {"invitation": invitation})


def _verified_emails(user):
    from allauth.account.models import EmailAddress

    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    return addresses


@login_required
def member_remove(request, pk, membership_pk):
    organisation, membership = _member_organisation(request, pk)
    target = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)
    removing_self = target.pk == membership.pk
    if not membership.is_owner and not removing_self:
        messages.error(request, _("Only an owner can remove other members."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if target.is_owner and organisation.owners().count() <= 1:
        messages.error(
            request,
            _(
                "The organisation must always have an owner. Hand over ownership to another "
                "member first."
            ),
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if request.method == "POST":
        target.delete()
        if removing_self:
            messages.success(
                request, _("You have left %(organisation)s.") % {"organisation": organisation}
            )
            return redirect("partners:dashboard")
        messages.success(request, _("The member was removed."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/member_remove.html",
        {"organisation": organisation, "target": target, "removing_self": removing_self},
    )


@login_required
def member_make_owner(request, pk, membership_pk):
    organisation, membership = _owner_organisation(request, pk)
    target = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)
    form = HandOverForm(request.POST or None)
    if target.pk == membership.pk:
        messages.error(request, _("You are already an owner."))
        return redirect("partners:organisation_manage", pk=organisation.pk)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            target.role = Membership.Role.OWNER
            target.save(update_fields=["role"])
            if form.cleaned_data["step_down"]:
                membership.role = Membership.Role.EDITOR
                membership.save(update_fields=["role"])
        messages.success(
            request,
            _("%(email)s is now an owner of %(organisation)s.")
            % {"email": target.user.email, "organisation": organisation.name},
        )
        return redirect("partners:organisation_manage", pk=organisation.pk)
    return render(
        request,
        "partners/mina_sidor/member_make_owner.html",
        {"organisation": organisation, "target": target, "form": form},
    )


def sole_owned_organisations(user):
    """Organisations where ``user`` is the only owner: they block deleting the account."""
    owned_ids = Membership.objects.filter(user=user, role=Membership.Role.OWNER).values(
        "organisation_id"
    )
    owned = Organisation.objects.filter(pk__in=owned_ids).annotate(
        owner_count=Count("memberships", filter=Q(memberships__role=Membership.Role.OWNER))
    )
    return [organisation for organisation in owned if organisation.owner_count == 1]


@login_required
def personal_data(request):
    return render(
        request,
        "partners/mina_sidor/personal_data.html",
        {
            "blocking": sole_owned_organisations(request.user),
            "delete_form": DeleteAccountForm(),
        },
    )


@login_required
def personal_data_export(request):
    data = export_for(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    blocking = sole_owned_organisations(request.user)
    form = DeleteAccountForm(request.POST)
    if blocking:
        messages.error(
            request,
            _(
                "You are the only owner of %(organisations)s. Hand over ownership to another "
                "member or close the organisation before you delete your account."
            )
            % {"organisations": ", ".join(o.name for o in blocking)},
        )
        return redirect("partners:personal_data")
    if not form.is_valid():
        return render(
            request,
            "partners/mina_sidor/personal_data.html",
            {"blocking": blocking, "delete_form": form},
            status=400,
        )
    user = request.user
    logout(request)
    user.delete()
    messages.success(request, _("Your account and your personal data have been deleted."))
    return redirect("/")


@login_required
def organisation_close(request, pk):
    """An owner closes (deletes) the organisation, its activities and memberships."""
    organisation, _membership = _owner_organisation(request, pk)
    if request.method == "POST":
        name = organisation.name
        organisation.delete()
        messages.success(
            request, _("%(organisation)s was closed and removed.") % {"organisation": name}
        )
        return redirect("partners:dashboard")
    return render(
        request, "partners/mina_sidor/organisation_close.html", {"organisation": organisation}
    )
