"""Choosing counties and municipalities in the admin: one searchable chooser for every form.

A foreign key to ``County`` or ``Municipality`` gets Wagtail's chooser modal everywhere, because
the choosers below register their widget for those models (``register_widget``). Their search
ignores case and diacritics ("rattvik" finds Rättvik, "dalarna" Dalarnas län) and matches names,
codes and, for a municipality, its county, which each result shows beside the name.

A many-to-many field keeps its plain checkbox list, so saved data and form posts stay as they
are (Wagtail's ``MultipleChooserPanel`` would need an orderable through model and a data
migration); ``GeographyCheckboxes`` groups municipalities by county and
``static/js/admin-geography.js`` adds a search box that filters the list the same way. Use it
with ``geography_panel("municipalities")``.
"""

from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.views import chooser as snippet_chooser_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from search.query import fold

from .models import County, Municipality
from .text import SingleLineCharField

MAX_QUERY_LENGTH = 100


def search_text(*parts):
    """Lower-case text without diacritics, for matching what editors type."""
    return fold(" ".join(str(part) for part in parts if part)).lower()


def municipality_text(municipality, county=None):
    county = county or municipality.county
    return search_text(
        municipality.name, municipality.slug, municipality.code, county.full_name, county.slug
    )


def county_text(county):
    return search_text(county.full_name, county.name, county.slug, county.code)


def matches(text, query):
    """Every word of ``query`` (already folded) occurs in ``text``."""
    return all(word in text for word in query.split())


class GeographySearchForm(BaseFilterForm):
    """The chooser's search box. Whatever is typed is a search: control characters are dropped
    and the length is capped, so junk finds nothing instead of failing."""

    q = SingleLineCharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, county or code")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "")[:MAX_QUERY_LENGTH]
        if not query:
            return objects
        self.is_searching = True
        self.search_query = query
        folded = search_text(query)
        to_text = municipality_text if objects.model is Municipality else county_text
        # 21 counties and 290 municipalities: matched in Python, with diacritics folded the
        # same way on every database, in one query
        wanted = [item.pk for item in objects if matches(to_text(item), folded)]
        return objects.filter(pk__in=wanted)


class GeographyChooseMixin:
    filter_form_class = GeographySearchForm
    per_page = 20

    @property
    def columns(self):
        columns = super().columns
        columns[0].label = self.model_class._meta.verbose_name.capitalize()
        if self.model_class is Municipality:
            columns.append(Column("county", label=_("County"), accessor="county"))
        columns.append(Column("code", label=_("Code"), accessor="code"))
        return columns

    def get_object_list(self):
        if self.model_class is Municipality:
            return Municipality.objects.select_related("county").order_by("name")
        return County.objects.order_by("name")


class MunicipalityChooseView(GeographyChooseMixin, snippet_chooser_views.ChooseView):
    pass


class MunicipalityChooseResultsView(GeographyChooseMixin, snippet_chooser_views.ChooseResultsView):
    pass


class MunicipalityChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser for municipalities, with search and the county beside each name."""

    choose_view_class = MunicipalityChooseView
    choose_results_view_class = MunicipalityChooseResultsView
    choose_one_text = _("Choose a municipality")
    choose_another_text = _("Choose another municipality")


class CountyChooseView(GeographyChooseMixin, chooser_views.ChooseView):
    pass


class CountyChooseResultsView(GeographyChooseMixin, chooser_views.ChooseResultsView):
    pass


class CountyChooserViewSet(ChooserViewSet):
    """Counties are reference data loaded by a migration: a chooser, no editing views."""

    model = County
    icon = "site"
    choose_view_class = CountyChooseView
    choose_results_view_class = CountyChooseResultsView
    choose_one_text = _("Choose a county")
    choose_another_text = _("Choose another county")
    per_page = 25


class GeographyCheckboxes(forms.CheckboxSelectMultiple):
    """A checkbox list of counties, or of municipalities grouped by county, with a search box.

    Without JavaScript it is an ordinary checkbox list; static/js/admin-geography.js adds the
    search box, which hides the options that do not match, ignoring case and diacritics.
    """

    class Media:
        js = ["js/admin-geography.js"]
        css = {"all": ["css/admin-geography.css"]}

    @property
    def model(self):
        queryset = getattr(self.choices, "queryset", None)
        return queryset.model if queryset is not None else None

    def optgroups(self, name, value, attrs=None):
        options = [
            option for _g, group, _i in super().optgroups(name, value, attrs) for option in group
        ]
        if self.model is County:
            for option in options:
                option["attrs"]["data-search"] = county_text(option["value"].instance)
            return [(None, options, 0)]
        # one query for the counties, whatever the number of municipalities
        counties = {county.pk: county for county in County.objects.all()}
        grouped = {}
        for option in options:
            municipality = option["value"].instance
            county = counties[municipality.county_id]
            option["attrs"]["data-search"] = municipality_text(municipality, county)
            grouped.setdefault(county, []).append(option)
        ordered = sorted(grouped.items(), key=lambda item: item[0].full_name)
        return [(county.full_name, group, index) for index, (county, group) in enumerate(ordered)]

    def render(self, name, value, attrs=None, renderer=None):
        renderer = renderer or get_default_renderer()
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        groups = []
        for group, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '<div class="geography-filter__option">{}</div>',
                (
                    (mark_safe(renderer.render(option["template_name"], {"widget": option})),)
                    for option in options
                ),
            )
            if group:
                rows = format_html(
                    '<fieldset class="geography-filter__group"><legend>{}</legend>{}</fieldset>',
                    group,
                    rows,
                )
            groups.append(rows)
        is_county = self.model is County
        return format_html(
            '<div class="geography-filter" data-geography-filter data-filter-label="{}"'
            ' data-filter-placeholder="{}" data-filter-count="{}" data-filter-chosen="{}"'
            ' data-filter-none="{}">'
            '<div id="{}" class="geography-filter__options">{}</div></div>',
            _("Search counties") if is_county else _("Search municipalities"),
            _("Name or code") if is_county else _("Name, county or code"),
            # the script fills in the numbers and names
            _("%(shown)s of %(total)s shown"),
            _("Chosen: %(names)s"),
            _("None chosen"),
            widget["attrs"].get("id", ""),
            mark_safe("".join(groups)),
        )


def geography_panel(field_name, **kwargs):
    """A ``FieldPanel`` for a many-to-many field to counties or municipalities."""
    return FieldPanel(field_name, widget=GeographyCheckboxes, **kwargs)
