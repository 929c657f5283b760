"""The agreement index's filters in the site's vocabulary: typ, lan, kommun, status and ar.

The filterable facts of every agreement (a handful of columns and its municipality links) are
read in two queries and filtered in Python, so status can come from the dates and every option
can show how many agreements it would give, with the same number of queries however many
agreements there are. Only the requested page (``sida``) of agreements is then loaded, without its long content.

Everything but that page (the facts, the counts, the chosen agreements' order, the filter
options) is kept in the shared cache per filter set as a part of the page
(``portal.overview.Fragments``): it counts only under the page cache's version tokens for the
index's path, which every publish, unpublish, move or deletion of an agreement and every change
of geography replaces, and under today's date (status comes from the dates).
"""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.models import County, Municipality
from portal.opendata.params import STATUS
from portal.overview import kept_part
from portal.visibility import public_pages

from .models import AgreementPage, Status, status_for

# The status values in the address (galler, kommande, upphort) and back.
STATUS_VALUE = {internal: value for value, internal in STATUS.items()}
# The fields of the shared filter component (templates/includes/filter_form.html), in order.
FILTER_LABELS = (
    ("typ", _("Type")),
    ("status", _("Status")),
    ("lan", _("County")),
    ("kommun", _("Municipality")),
    ("ar", _("Valid during year")),
)
FILTER_HELP = {"kommun": _("Includes regional agreements for the municipality's county.")}


class AgreementFilter:
    def __init__(self, request, index_page):
        self.request = request
        self.index_page = index_page
        self.today = timezone.localdate()

    def rows(self):
        pages = public_pages(AgreementPage.objects.child_of(self.index_page)).values_list(
            "id", "kind", "county_id", "valid_from", "valid_to"
        )
        through = AgreementPage.municipalities.through
        links = {}
        result = []
        for pk, kind, county_id, valid_from, valid_to in pages:
            result.append(
                {
                    "id": pk,
                    "type": kind,
                    "county": county_id,
                    "status": status_for(valid_from, valid_to, self.today),
                    "years": set(range(valid_from.year, valid_to.year + 1)),
                    "valid_from": valid_from,
                    "municipalities": set(),
                }
            )
        if result:
            for page_id, municipality_id in through.objects.values_list(
                "agreementpage_id", "municipality_id"
            ):
                links.setdefault(page_id, set()).add(municipality_id)
            for row in result:
                row["municipalities"] = links.get(row["id"], set())
        return result

    def chosen(self, counties, municipalities):
        """The valid filter values in the query string; junk is ignored (and reported)."""
        get = self.request.GET
        chosen, ignored = {}, []
        value = get.get("typ", "")
        if value in AgreementPage.Kind.values:
            chosen["typ"] = value
        elif value:
            ignored.append("typ")
        value = get.get("status", "")
        if value in STATUS:
            chosen["status"] = STATUS[value]
        elif value:
            ignored.append("status")
        value = get.get("lan", "")
        if value in counties:
            chosen["lan"] = counties[value]
        elif value:
            ignored.append("lan")
        value = get.get("kommun", "")
        if value in municipalities:
            chosen["kommun"] = municipalities[value]
        elif value:
            ignored.append("kommun")
        value = get.get("ar", "")
        if value.isdigit() and len(value) == 4:
            chosen["ar"] = int(value)
        elif value:
            ignored.append("ar")
        return chosen, ignored

    @staticmethod
    def matches(row, chosen, skip=None):
        for key, value in chosen.items():
            if key == skip:
                continue
            if key == "typ" and row["type"] != value:
                return False
            if key == "status" and row["status"] != value:
                return False
            if key == "lan" and not (
                row["county"] == value.id
                or any(m in value.municipality_ids for m in row["municipalities"])
            ):
                return False
            if key == "kommun" and not (
                value.id in row["municipalities"]
                or (row["type"] == AgreementPage.Kind.REGIONAL and row["county"] == value.county_id)
            ):
                return False
            if key == "ar" and value not in row["years"]:
                return False
        return True

    FILTER_PARAMS = ("typ", "status", "lan", "kommun", "ar")
    # Long content the list never shows.
    NOT_SHOWN = ("body", "focus_areas")

    def context(self):
        raw = tuple((name, tuple(self.request.GET.getlist(name))) for name in self.FILTER_PARAMS)
        part = "agreements:index:" + repr(raw)
        found = kept_part(self.request, part, self.derived, today=self.today)
        page_obj = Paginator(found["ids"], self.index_page.per_page).get_page(
            self.request.GET.get("sida")
        )
        agreements = {
            p.id: p
            for p in AgreementPage.objects.filter(id__in=list(page_obj.object_list))
            .defer(*self.NOT_SHOWN)
            .select_related("county")
            .prefetch_related("municipalities")
        }
        page_obj.object_list = [agreements[pk] for pk in page_obj.object_list if pk in agreements]
        context = {key: value for key, value in found.items() if key != "ids"}
        return {"agreements": page_obj, **context}

    def derived(self):
        """What the list shows apart from its page of agreements: the matching ids in order,
        the counts and the filter options."""
        counties = {c.slug: c for c in County.objects.all()}
        municipality_list = list(Municipality.objects.all())
        municipalities = {m.slug: m for m in municipality_list}
        by_county = {}
        for m in municipality_list:
            by_county.setdefault(m.county_id, set()).add(m.id)
        for county in counties.values():
            county.municipality_ids = by_county.get(county.id, set())

        rows = self.rows()
        chosen, ignored = self.chosen(counties, municipalities)

        def counts(key, value_of):
            tally = {}
            for row in rows:
                if self.matches(row, chosen, skip=key):
                    for value in value_of(row):
                        tally[value] = tally.get(value, 0) + 1
            return tally

        type_counts = counts("typ", lambda r: [r["type"]])
        status_counts = counts("status", lambda r: [r["status"]])
        year_counts = counts("ar", lambda r: r["years"])
        county_of = {m.id: m.county_id for m in municipality_list}
        county_counts = counts(
            "lan",
            lambda r: ({r["county"]} | {county_of[m] for m in r["municipalities"]}) - {None},
        )
        municipality_counts = {}
        for row in rows:
            if self.matches(row, chosen, skip="kommun"):
                covered = set(row["municipalities"])
                if row["type"] == AgreementPage.Kind.REGIONAL:
                    covered |= by_county.get(row["county"], set())
                for m in covered:
                    municipality_counts[m] = municipality_counts.get(m, 0) + 1

        selected = [row for row in rows if self.matches(row, chosen)]
        selected.sort(key=lambda r: (r["valid_from"], r["id"]), reverse=True)

        def option(value, label, count, current):
            return {"value": value, "label": label, "count": count, "selected": current == value}

        current = {key: getattr(v, "slug", v) for key, v in chosen.items()}
        current["status"] = STATUS_VALUE.get(chosen.get("status"))
        years = sorted(year_counts, reverse=True)
        filter_options = {
            "typ": [
                option(v, str(label), type_counts.get(v, 0), current.get("typ"))
                for v, label in AgreementPage.Kind.choices
            ],
            "status": [
                option(STATUS_VALUE[v], str(label), status_counts.get(v, 0), current["status"])
                for v, label in Status.choices
            ],
            "lan": [
                option(c.slug, c.name, county_counts.get(c.id, 0), current.get("lan"))
                for c in counties.values()
                if county_counts.get(c.id) or current.get("lan") == c.slug
            ],
            "kommun": [
                option(
                    m.slug,
                    m.name,
                    municipality_counts.get(m.id, 0),
                    current.get("kommun"),
                )
                for m in municipality_list
                if municipality_counts.get(m.id) or current.get("kommun") == m.slug
            ],
            "ar": [
                option(str(y), str(y), year_counts.get(y, 0), str(current.get("ar", "")))
                for y in years
            ],
        }
        # plain strings only (kept in the shared cache: a lazy translation unpickles slowly)
        return {
            "ids": [row["id"] for row in selected],
            "result_count": len(selected),
            "filters_applied": bool(chosen),
            "ignored_filters": ignored,
            "filter_options": filter_options,
            "filter_fields": [
                {
                    "name": name,
                    "label": str(label),
                    "options_html": options_html(filter_options[name]),
                    "help": str(FILTER_HELP.get(name, "")),
                }
                for name, label in FILTER_LABELS
            ],
        }


def options_html(options):
    """The <option> elements of one filter, built here rather than in the template: with
    hundreds of municipalities this is the hot loop of the page."""
    first = format_html('<option value="">{}</option>', _("All"))
    rest = format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (o["value"], " selected" if o["selected"] else "", o["label"], o["count"])
            for o in options
        ),
    )
    return first + rest
