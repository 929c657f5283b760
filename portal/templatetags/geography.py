"""Links to the municipality and county overviews: the one way a template names a
municipality or a county, so every mention leads to its page.

    {% load geography %}
    {% municipality_link activity.municipality %}   → <a href="/kommuner/leksand/">Leksand</a>
    {% county_link county %}                        → <a href="/lan/dalarna/">Dalarnas län</a>
    {% county_link county county.name %}            → the link with other text
    <a href="{{ municipality|municipality_url }}">…</a>
"""

from django import template
from django.utils.html import format_html

from portal.overview import county_url as _county_url
from portal.overview import municipality_url as _municipality_url

register = template.Library()


@register.filter
def municipality_url(municipality):
    return _municipality_url(municipality) if getattr(municipality, "slug", "") else ""


@register.filter
def county_url(county):
    return _county_url(county) if getattr(county, "slug", "") else ""


@register.simple_tag
def municipality_link(municipality, text=None):
    """A link to the municipality's overview, its name as text (nothing for None)."""
    if municipality is None or not getattr(municipality, "slug", ""):
        return ""
    return format_html(
        '<a href="{}">{}</a>', _municipality_url(municipality), text or municipality.name
    )


@register.simple_tag
def county_link(county, text=None):
    """A link to the county's overview, its official name ("Dalarnas län") as text."""
    if county is None or not getattr(county, "slug", ""):
        return ""
    return format_html('<a href="{}">{}</a>', _county_url(county), text or county.full_name)
