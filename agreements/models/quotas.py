"""Settlement quotas (kommuntal) and the page that shows them per county, year and
municipality."""

from django.db import models
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from portal.models import BasePage, County, Municipality

MIN_YEAR, MAX_YEAR = 2000, 2100


class SettlementQuota(models.Model):
    """How many newly arrived people of one group a municipality is to receive by assignment
    in one year, as the county board decided."""

    class Group(models.TextChoices):
        QUOTA_REFUGEES = "kvotflyktingar", _("Quota refugees")
        UKRAINE = "ukraina", _("People from Ukraine")
        OTHER = "ovriga", _("Other assigned people")

    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="settlement_quotas",
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    number = models.PositiveIntegerField(_("number"))
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Made-up figures for the demo; shown with a notice on the page."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [
        FieldPanel("year"),
        FieldPanel("municipality"),
        FieldPanel("group"),
        FieldPanel("number"),
        FieldPanel("is_demo"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["-year", "municipality__name", "group"]
        verbose_name = _("settlement quota")
        verbose_name_plural = _("settlement quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "municipality", "group"], name="unique_quota_per_year_group"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.get_group_display()} {self.number}"


def quota_table(quotas, row_key):
    """Rows of {key, cells per group, total} and a totals row, from quota rows."""
    groups = list(SettlementQuota.Group)
    rows = {}
    for quota in quotas:
        key = row_key(quota)
        row = rows.setdefault(key, {"key": key, "cells": dict.fromkeys(groups, 0), "demo": False})
        row["cells"][quota.group] += quota.number
        row["demo"] = row["demo"] or quota.is_demo
    used = [g for g in groups if any(r["cells"][g] for r in rows.values())] or groups[:1]
    table = []
    for row in rows.values():
        cells = [row["cells"][g] for g in used]
        table.append({"key": row["key"], "cells": cells, "total": sum(cells), "demo": row["demo"]})
    totals = [sum(r["cells"][i] for r in table) for i in range(len(used))]
    return {
        "groups": [SettlementQuota.Group(g).label for g in used],
        "rows": table,
        "totals": totals,
        "grand_total": sum(totals),
        "has_demo": any(r["demo"] for r in table),
        "notes": sorted({q.note for q in quotas if q.note and not q.is_demo}),
    }


def bar_chart(rows, width=640, label_width=170, bar_height=22, gap=8):
    """Geometry for a horizontal SVG bar chart of (label, value) rows."""
    top = 10
    max_value = max((value for _label, value in rows), default=0) or 1
    room = width - label_width - 60
    bars = []
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_height + gap)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + bar_height * 0.7,
                "width": round(room * value / max_value, 1),
                "value_x": label_width + round(room * value / max_value, 1) + 6,
            }
        )
    height = top * 2 + len(rows) * (bar_height + gap)
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "label_width": label_width,
        "label_x": label_width - 8,
        "bar_height": bar_height,
    }


class SettlementQuotaPage(RoutablePageMixin, BasePage):
    """Kommuntal at /kommuntal/: an overview, one table and chart per county and year
    (/kommuntal/<county>/<year>/), and one municipality over the years
    (/kommuntal/kommun/<municipality>/)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    @path("")
    def overview(self, request):
        pairs = (
            SettlementQuota.objects.values("municipality__county_id", "year")
            .annotate(total=Sum("number"))
            .order_by("municipality__county_id", "-year")
        )
        counties = {c.id: c for c in County.objects.all()}
        by_county = {}
        for pair in pairs:
            county = counties[pair["municipality__county_id"]]
            by_county.setdefault(county, []).append((pair["year"], pair["total"]))
        return self.render(
            request,
            context_overrides={"by_county": sorted(by_county.items(), key=lambda x: x[0].code)},
        )

    @path("<slug:county_slug>/<int:year>/", name="county_year")
    def county_year(self, request, county_slug, year):
        county = get_object_or_404(County, slug=county_slug)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise Http404
        quotas = list(
            SettlementQuota.objects.filter(year=year, municipality__county=county).select_related(
                "municipality"
            )
        )
        table = quota_table(quotas, row_key=lambda q: q.municipality)
        table["rows"].sort(key=lambda row: row["key"].name)
        chart = bar_chart([(row["key"].name, row["total"]) for row in table["rows"]])
        years = list(
            SettlementQuota.objects.filter(municipality__county=county)
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return self.render(
            request,
            context_overrides={
                "county": county,
                "year": year,
                "table": table,
                "chart": chart,
                "years": years,
            },
            template="agreements/settlement_quota_county.html",
        )

    @path("kommun/<slug:municipality_slug>/", name="municipality")
    def municipality(self, request, municipality_slug):
        municipality = get_object_or_404(
            Municipality.objects.select_related("county"), slug=municipality_slug
        )
        quotas = list(SettlementQuota.objects.filter(municipality=municipality))
        table = quota_table(quotas, row_key=lambda q: q.year)
        table["rows"].sort(key=lambda row: row["key"], reverse=True)
        chart = bar_chart(
            [(str(row["key"]), row["total"]) for row in table["rows"]], label_width=80
        )
        return self.render(
            request,
            context_overrides={"municipality": municipality, "table": table, "chart": chart},
            template="agreements/settlement_quota_municipality.html",
        )

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("settlement quota page")
