"""Human labels for facet values (codes and slugs are what the index stores).

Shared by every backend, so the page and the JSON show "Dalarnas län" rather than "20".
"""

from django.utils.translation import gettext_lazy as _

from .backends.base import NATIONAL, FacetValue

NATIONAL_LABEL = _("Whole country")

KIND_LABELS = {
    "page": _("Page"),
    "document": _("Document"),
    "agreement": _("Agreement"),
    "regional_agreement": _("Regional agreement"),
    "local_agreement": _("Local agreement"),
    "method_support": _("Method support"),
    "project": _("Project"),
    "quota": _("Settlement quota"),
    "organisation": _("Organisation"),
    "activity": _("Activity"),
    "event": _("Event"),
}

FACET_LABELS = {
    "kind": _("Type"),
    "county": _("County"),
    "municipality": _("Municipality"),
    "year": _("Year"),
    "target_group": _("Target group"),
    "tag": _("Tag"),
}


def kind_label(kind):
    return str(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))


def _lookup(facet, values):
    """At most one query per facet, for the values on the page only."""
    if not values:
        return {}
    from portal.models import County, Municipality, TargetGroup

    if facet == "county":
        labels = dict(County.objects.filter(code__in=values).values_list("code", "name"))
        if NATIONAL in values:
            labels[NATIONAL] = str(NATIONAL_LABEL)
        return labels
    if facet == "municipality":
        return dict(Municipality.objects.filter(code__in=values).values_list("code", "name"))
    if facet == "target_group":
        return dict(TargetGroup.objects.filter(slug__in=values).values_list("slug", "name"))
    if facet == "kind":
        return {value: kind_label(value) for value in values}
    return {}


def national_counts(pairs):
    """County counts as their clicks give them: a county filter keeps national content, so
    each county's count includes the national entries counted beside it."""
    national = sum(count for value, count in pairs if value == NATIONAL)
    if not national:
        return pairs
    return [(value, count if value == NATIONAL else count + national) for value, count in pairs]


def facet_value_objects(facets, filters, estimated=False):
    """``{facet: [(value, count), …]}`` → ``{facet: [FacetValue, …]}`` with labels."""
    out = {}
    for facet, pairs in facets.items():
        if facet == "county":
            pairs = national_counts(pairs)
        labels = _lookup(facet, [value for value, _count in pairs])
        selected = set(filters.get(facet, []))
        out[facet] = [
            FacetValue(
                value=value,
                label=str(labels.get(value, value)),
                count=count,
                selected=value in selected,
                estimated=estimated,
            )
            for value, count in pairs
        ]
    return out
