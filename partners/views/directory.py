"""The public directory (/foreningar/): organisations and activities, their filters and pages.

The lists read the site's one filter vocabulary (lan, kommun, amne, malgrupp, sprak, typ, sida);
addresses with the old names (county, municipality, area, …, page) answer 301 to the new ones.

What the lists derive from every row (the areas in use, the filters' options, the result and
kind counts) is kept in the shared cache as parts of the page (``portal.overview.Fragments``):
a part counts only under the page cache's version tokens for the list's path, which every
saved or deleted organisation, activity or area tag (partners/cache_purge.py) and every change
of geography or target groups replaces. Only the shown page of rows is then read.
"""

import json

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import _json_script_escapes, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from taggit.models import Tag

from portal.emails import absolute_url
from portal.models import Municipality, TargetGroup
from portal.opendata.params import legacy_redirect
from portal.overview import Fragments
from portal.page_cache import depends_on
from portal.pagination import paginate

from ..cache_purge import organisation_tag
from ..forms import DirectoryFilterForm
from ..languages import LANGUAGES
from ..models import Activity, ActivityKind, Organisation, OrganisationArea

PER_PAGE = 20
FILTER_PARAMS = ("lan", "kommun", "amne", "malgrupp", "sprak", "typ")


def _fragments(request):
    """The list's kept parts: the filter options, and for this filter set the counts and the
    filter selects as HTML (290 municipalities as options cost more than the page's queries)."""
    raw = tuple((name, tuple(request.GET.getlist(name))) for name in FILTER_PARAMS)
    parts = {
        "options": "partners:options",
        "counts": "partners:counts:" + repr(raw),
        "fields": "partners:fields:" + repr(raw),
    }
    return Fragments(request, timezone.localdate(), list(parts.values())), parts


def _options():
    """Everything the filter form offers, as plain data."""
    municipalities = Municipality.objects.select_related("county").order_by("county__code", "name")
    counties, groups = {}, {}
    for municipality in municipalities:
        counties[municipality.county.slug] = municipality.county.name
        groups.setdefault(municipality.county.name, []).append(
            (municipality.slug, municipality.name)
        )
    return {
        "areas": _area_choices(),
        "counties": sorted(counties.items(), key=lambda item: item[1]),
        "groups": sorted(groups.items()),
        "target_groups": list(TargetGroup.objects.values_list("slug", "name")),
    }


def _area_choices():
    tag_ids = OrganisationArea.objects.filter(
        content_object__status=Organisation.Status.VERIFIED
    ).values("tag_id")
    return list(Tag.objects.filter(pk__in=tag_ids).order_by("name").values_list("slug", "name"))


def _filter_form(request, fragments, parts):
    options = fragments.get(parts["options"], _options)
    form = DirectoryFilterForm(request.GET or None, area_choices=options["areas"])
    filters = form.cleaned_or_empty() if request.GET else {}
    if form.is_bound and form.errors:
        messages.warning(
            request, _("Some filters had values we do not recognise and were ignored.")
        )
    return form, filters, fragments.get(parts["fields"], lambda: _filter_fields(filters, options))


def _filter_fields(filters, options):
    """The filter form's selects as plain data: rendering 290 municipalities through Django's
    widget templates costs more than every query of the page together."""

    def selected(name):
        value = filters.get(name)
        return getattr(value, "slug", value) or ""

    fields = [
        {
            "name": "lan",
            "label": _("County"),
            "empty": _("All counties"),
            "options": options["counties"],
            "selected": selected("lan"),
        },
        {
            "name": "kommun",
            "label": _("Municipality"),
            "empty": _("All municipalities"),
            "groups": options["groups"],
            "selected": selected("kommun"),
        },
        {
            "name": "amne",
            "label": _("Area of work"),
            "empty": _("All areas"),
            "options": options["areas"],
            "selected": selected("amne"),
        },
        {
            "name": "malgrupp",
            "label": _("Target group"),
            "empty": _("All target groups"),
            "options": options["target_groups"],
            "selected": selected("malgrupp"),
        },
        {
            "name": "sprak",
            "label": _("Language"),
            "empty": _("All languages"),
            "options": sorted(((code, str(name)) for code, name in LANGUAGES), key=lambda o: o[1]),
            "selected": selected("sprak"),
        },
        {
            "name": "typ",
            "label": _("Kind of activity"),
            "empty": _("All kinds"),
            "options": [(value, str(label)) for value, label in ActivityKind.choices],
            "selected": selected("typ"),
        },
    ]
    for field in fields:
        field["options_html"] = _options_html(field)
    return fields


def _option_tags(options, chosen, label=str):
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == chosen else "", label(name)) for value, name in options),
    )


def _options_html(field):
    """A select's <option> elements, as the shared filter component would write them, built
    here: with 290 municipalities this is the page's hot loop."""
    html = format_html('<option value="">{}</option>', field["empty"])
    if "groups" in field:
        return html + format_html_join(
            "",
            '<optgroup label="{}">{}</optgroup>',
            (
                (group, _option_tags(options, field["selected"]))
                for group, options in field["groups"]
            ),
        )
    return html + _option_tags(field["options"], field["selected"], capfirst)


def _ids_with_area(slug):
    """Ids of organisations tagged with the area ``slug`` (a subquery)."""
    return OrganisationArea.objects.filter(tag__slug=slug).values("content_object_id")


def _speaking(queryset, code):
    """Rows whose language codes include ``code`` (see LanguageCodesMixin)."""
    return queryset.filter(language_codes__contains=f" {code} ")


def _filter_organisations(organisations, filters):
    if "kommun" in filters:
        organisations = organisations.filter(
            pk__in=Organisation.municipalities.through.objects.filter(
                municipality=filters["kommun"]
            ).values("organisation_id")
        )
    if "lan" in filters:
        organisations = organisations.filter(
            pk__in=Organisation.municipalities.through.objects.filter(
                municipality__county=filters["lan"]
            ).values("organisation_id")
        )
    if "amne" in filters:
        organisations = organisations.filter(pk__in=_ids_with_area(filters["amne"]))
    if "malgrupp" in filters:
        organisations = organisations.filter(
            pk__in=Organisation.target_groups.through.objects.filter(
                targetgroup=filters["malgrupp"]
            ).values("organisation_id")
        )
    if "sprak" in filters:
        organisations = _speaking(organisations, filters["sprak"])
    if "typ" in filters:
        organisations = organisations.filter(
            pk__in=Activity.objects.public().filter(kind=filters["typ"]).values("organisation_id")
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
    if moved := legacy_redirect(request):
        return moved
    fragments, parts = _fragments(request)
    form, filters, filter_fields = _filter_form(request, fragments, parts)
    organisations = _filter_organisations(Organisation.objects.public(), filters)
    counts = fragments.get(
        parts["counts"],
        lambda: {
            "count": organisations.count(),
            "total": Organisation.objects.public().count() if filters else None,
        },
    )
    fragments.save()
    # which organisations the page shows, then (once the page cache has noted them: an edit of
    # one of them purges this page) what it shows of them
    page_obj = paginate(
        request,
        organisations.order_by("name", "pk").values_list("pk", flat=True),
        PER_PAGE,
        count=counts["count"],
    )
    ids = list(page_obj.object_list)
    depends_on(request, [organisation_tag(pk) for pk in ids])
    rows = (
        Organisation.objects.public()
        .filter(pk__in=ids)
        .only("pk", "name", "slug", "legal_form", "description")
        .prefetch_related(
            Prefetch("municipalities"),
            Prefetch("tagged_areas", queryset=OrganisationArea.objects.select_related("tag")),
        )
    )
    by_pk = {organisation.pk: organisation for organisation in rows}
    page_obj.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
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
            "result_count": counts["count"],
            "total_count": counts["total"],
        },
    )


def _filter_activities(activities, filters):
    if "kommun" in filters:
        activities = activities.filter(municipality=filters["kommun"])
    if "lan" in filters:
        activities = activities.filter(municipality__county=filters["lan"])
    if "amne" in filters:
        activities = activities.filter(organisation_id__in=_ids_with_area(filters["amne"]))
    if "malgrupp" in filters:
        activities = activities.filter(
            pk__in=Activity.target_groups.through.objects.filter(
                targetgroup=filters["malgrupp"]
            ).values("activity_id")
        )
    if "sprak" in filters:
        activities = _speaking(activities, filters["sprak"])
    if "typ" in filters:
        activities = activities.filter(kind=filters["typ"])
    return activities


def activity_list(request):
    if moved := legacy_redirect(request):
        return moved
    fragments, parts = _fragments(request)
    form, filters, filter_fields = _filter_form(request, fragments, parts)
    activities = _filter_activities(Activity.objects.public(), filters)
    counts = fragments.get(
        parts["counts"],
        lambda: {
            "count": activities.count(),
            "kinds": dict(
                _filter_activities(
                    Activity.objects.public(), {k: v for k, v in filters.items() if k != "typ"}
                )
                .order_by()
                .values_list("kind")
                .annotate(n=Count("pk"))
            ),
        },
    )
    fragments.save()
    activities = activities.select_related("organisation", "municipality").defer(
        "organisation__description"
    )
    page_obj = paginate(
        request, activities.order_by("title", "pk"), PER_PAGE, count=counts["count"]
    )
    kinds = [(value, label, counts["kinds"].get(value, 0)) for value, label in ActivityKind.choices]
    return render(
        request,
        "partners/activity_list.html",
        {
            "form": form,
            "filters": filters,
            "filter_fields": filter_fields,
            "page_obj": page_obj,
            "activities": page_obj.object_list,
            "result_count": counts["count"],
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
        "url": absolute_url(organisation.get_absolute_url()),
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
        data["logo"] = absolute_url(organisation.logo.url)
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
