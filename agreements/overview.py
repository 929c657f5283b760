"""What agreements, quotas, projects and method support add to the municipality and county
overviews (/kommuner/<slug>/, /lan/<slug>/), the gap rules' facts and the staff queues.

Registered in ``AgreementsConfig.ready``. Each function costs a fixed number of queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from portal.overview import (
    ActionItemFact,
    AgreementFact,
    Cell,
    QueueItem,
    live_public,
    once,
    page_url_function,
    purge_overviews_on_change,
    register_county_column,
    register_fact_provider,
    register_overview_section,
    register_staff_queue,
)

from .models import (
    ActionPlanItem,
    AgreementIndexPage,
    AgreementPage,
    MethodSupportPage,
    ProjectPage,
    SettlementQuota,
    SettlementQuotaPage,
    Status,
    status_for,
)
from .models.quotas import bar_chart, quota_table

EARLIER_SHOWN = 10
METHOD_SUPPORT_SHOWN = 5


def _public_agreements():
    return live_public(AgreementPage.objects.all()).select_related("county")


def _split_by_status(agreements, today):
    """In force (with days left), upcoming and earlier, each in a sensible order."""
    in_force, upcoming, earlier = [], [], []
    for agreement in agreements:
        status = status_for(agreement.valid_from, agreement.valid_to, today)
        if status == Status.IN_FORCE:
            agreement.overview_days_left = (agreement.valid_to - today).days
            in_force.append(agreement)
        elif status == Status.UPCOMING:
            upcoming.append(agreement)
        else:
            earlier.append(agreement)
    in_force.sort(key=lambda a: (a.kind != AgreementPage.Kind.LOCAL, a.valid_to))
    upcoming.sort(key=lambda a: a.valid_from)
    earlier.sort(key=lambda a: a.valid_to, reverse=True)
    return in_force, upcoming, earlier


def _index_urls():
    """The URLs of the first public agreement register and settlement quota page (by their
    place in the tree), in one query per render."""

    def read():
        types = ContentType.objects.get_for_models(AgreementIndexPage, SettlementQuotaPage)
        rows = (
            live_public(Page.objects.filter(content_type__in=types.values()))
            .order_by("path")
            .values_list("content_type_id", "url_path")
        )
        url_for = page_url_function()
        urls = {}
        for content_type_id, url_path in rows:
            urls.setdefault(content_type_id, url_for(url_path))
        return {model: urls.get(types[model].id, "") for model in types}

    return once("agreements_index_urls", read)


def _index_url():
    return _index_urls()[AgreementIndexPage]


def municipality_agreements(municipality, today):
    agreements = (
        _public_agreements()
        .filter(
            Q(kind=AgreementPage.Kind.LOCAL, municipalities=municipality)
            | Q(kind=AgreementPage.Kind.REGIONAL, county_id=municipality.county_id)
        )
        .distinct()
        .prefetch_related("municipalities")
    )
    in_force, upcoming, earlier = _split_by_status(agreements, today)
    index_url = _index_url()
    return {
        "in_force": in_force,
        "upcoming": upcoming,
        "earlier": earlier[:EARLIER_SHOWN],
        "more_earlier": len(earlier) > EARLIER_SHOWN,
        "has_local": any(a.kind == AgreementPage.Kind.LOCAL for a in in_force),
        "all_url": f"{index_url}?kommun={municipality.slug}" if index_url else "",
    }


def county_agreements(county, municipalities, today):
    agreements = (
        _public_agreements()
        .filter(
            Q(kind=AgreementPage.Kind.REGIONAL, county=county)
            | Q(kind=AgreementPage.Kind.LOCAL, municipalities__county=county)
        )
        .distinct()
        .prefetch_related("municipalities")
    )
    in_force, upcoming, earlier = _split_by_status(agreements, today)
    index_url = _index_url()
    return {
        "in_force": in_force,
        "upcoming": upcoming,
        "earlier": earlier[:EARLIER_SHOWN],
        "more_earlier": len(earlier) > EARLIER_SHOWN,
        "has_local": None,
        "all_url": f"{index_url}?lan={county.slug}" if index_url else "",
    }


def _quota_page_url():
    return _index_urls()[SettlementQuotaPage]


def municipality_quotas(municipality, today):
    quotas = list(SettlementQuota.objects.filter(municipality=municipality))
    county_totals = dict(
        SettlementQuota.objects.filter(municipality__county_id=municipality.county_id)
        .values_list("year")
        .annotate(total=Sum("number"))
        .order_by()
    )
    table = quota_table(quotas, row_key=lambda q: q.year)
    table["rows"].sort(key=lambda row: row["key"], reverse=True)
    for row in table["rows"]:
        row["county_total"] = county_totals.get(row["key"])
    chart = bar_chart([(str(row["key"]), row["total"]) for row in table["rows"]], label_width=80)
    page_url = _quota_page_url()
    return {
        "table": table,
        "chart": chart,
        "this_year": today.year,
        "show_county": True,
        "more_url": f"{page_url}kommun/{municipality.slug}/" if page_url else "",
    }


def county_quotas(county, municipalities, today):
    quotas = list(
        SettlementQuota.objects.filter(municipality__county=county)
        .values("year", "group", "note")
        .annotate(number=Sum("number"))
        .order_by()
    )
    demo_years = set(
        SettlementQuota.objects.filter(municipality__county=county, is_demo=True)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    rows = [
        SettlementQuota(
            year=q["year"],
            group=q["group"],
            number=q["number"],
            is_demo=q["year"] in demo_years,
            note="" if q["year"] in demo_years else q["note"],
        )
        for q in quotas
    ]
    table = quota_table(rows, row_key=lambda q: q.year)
    table["rows"].sort(key=lambda row: row["key"], reverse=True)
    chart = bar_chart([(str(row["key"]), row["total"]) for row in table["rows"]], label_width=80)
    years = [row["key"] for row in table["rows"]]
    page_url = _quota_page_url()
    latest = years[0] if years else None
    return {
        "table": table,
        "chart": chart,
        "this_year": today.year,
        "show_county": False,
        "more_url": f"{page_url}{county.slug}/{latest}/" if page_url and latest else "",
    }


def _projects(filter_q):
    return (
        live_public(ProjectPage.objects.all())
        .filter(filter_q)
        .distinct()
        .order_by("-starts_on", "title")
    )


def _method_support():
    return list(
        live_public(MethodSupportPage.objects.all()).order_by("-publication_year", "title")[
            :METHOD_SUPPORT_SHOWN
        ]
    )


def municipality_knowledge(municipality, today):
    projects = list(
        _projects(Q(pilot_municipalities=municipality) | Q(counties=municipality.county_id))
    )
    return {"projects": projects, "method_support": _method_support(), "today": today}


def county_knowledge(county, municipalities, today):
    projects = list(_projects(Q(counties=county) | Q(pilot_municipalities__county=county)))
    return {"projects": projects, "method_support": _method_support(), "today": today}


# --- county table ---------------------------------------------------------------------------


def local_agreement_cells(county, municipalities, today):
    ids = [m.id for m in municipalities]
    rows = (
        live_public(AgreementPage.objects.all())
        .filter(
            kind=AgreementPage.Kind.LOCAL,
            municipalities__in=ids,
            valid_from__lte=today,
            valid_to__gte=today,
        )
        .values_list("municipalities", "valid_to")
    )
    ends = {}
    for municipality_id, valid_to in rows:
        if municipality_id in ids:
            ends[municipality_id] = max(valid_to, ends.get(municipality_id, valid_to))
    cells = {}
    for municipality_id in ids:
        valid_to = ends.get(municipality_id)
        if valid_to is None:
            cells[municipality_id] = Cell(str(_("None in force")), 0)
        else:
            text = _("In force until %(date)s") % {"date": date_format(valid_to, "j F Y")}
            cells[municipality_id] = Cell(str(text), valid_to.toordinal())
    return cells


def quota_cells(county, municipalities, today):
    ids = [m.id for m in municipalities]
    totals = dict(
        SettlementQuota.objects.filter(municipality_id__in=ids, year=today.year)
        .values_list("municipality_id")
        .annotate(total=Sum("number"))
        .order_by()
    )
    return {
        mid: Cell(str(totals[mid]), totals[mid]) if mid in totals else Cell("–", None)
        for mid in ids
    }


# --- facts for the gap rules ----------------------------------------------------------------


def _same_scope(a, b):
    if a.is_local != b.is_local:
        return False
    if a.is_local:
        return bool(a.municipality_ids & b.municipality_ids)
    return a.county_id == b.county_id


def agreement_facts(facts):
    county_ids = [c.id for c in facts.counties]
    pages = list(
        live_public(AgreementPage.objects.all())
        .filter(
            Q(kind=AgreementPage.Kind.REGIONAL, county_id__in=county_ids)
            | Q(kind=AgreementPage.Kind.LOCAL, municipalities__county_id__in=county_ids)
        )
        .distinct()
        .only(
            "id", "title", "url_path", "kind", "county_id", "valid_from", "valid_to", "replaces_id"
        )
    )
    ids = [page.id for page in pages]
    through = AgreementPage.municipalities.through
    municipality_ids = {}
    for page_id, municipality_id in through.objects.filter(agreementpage_id__in=ids).values_list(
        "agreementpage_id", "municipality_id"
    ):
        municipality_ids.setdefault(page_id, set()).add(municipality_id)
    overdue = {}
    for item in ActionPlanItem.objects.filter(
        page_id__in=ids,
        due_date__lt=facts.today,
        progress__in=[
            ActionPlanItem.Progress.NOT_STARTED,
            ActionPlanItem.Progress.IN_PROGRESS,
        ],
    ).order_by("due_date", "sort_order"):
        overdue.setdefault(item.page_id, []).append(
            ActionItemFact(item.goal, item.responsible, item.due_date)
        )
    replaced = {page.replaces_id for page in pages if page.replaces_id}
    url_for = page_url_function()
    agreements = []
    for page in pages:
        agreements.append(
            AgreementFact(
                title=page.title,
                url=url_for(page.url_path),
                is_local=page.kind == AgreementPage.Kind.LOCAL,
                county_id=page.county_id,
                municipality_ids=frozenset(municipality_ids.get(page.id, ())),
                valid_from=page.valid_from,
                valid_to=page.valid_to,
                has_successor=page.id in replaced,
                overdue_items=tuple(overdue.get(page.id, ())),
                admin_url=reverse("wagtailadmin_pages:edit", args=[page.id]),
            )
        )
    for agreement in agreements:
        if not agreement.has_successor:
            agreement.has_successor = any(
                other is not agreement
                and _same_scope(agreement, other)
                and other.valid_from > agreement.valid_from
                for other in agreements
            )
    facts.agreements.extend(agreements)
    facts.quota_this_year.update(
        SettlementQuota.objects.filter(
            municipality_id__in=facts.municipality_ids, year=facts.quota_year
        )
        .values_list("municipality_id")
        .annotate(total=Sum("number"))
        .order_by()
    )


# --- staff queue ----------------------------------------------------------------------------


def agreements_in_moderation(user):
    from portal.overview_queues import pages_awaiting_review

    items = []
    for page, since in pages_awaiting_review(
        user, AgreementPage, prefetch_related=["municipalities"]
    ):
        county_ids = {page.county_id} if page.county_id else set()
        county_ids |= {m.county_id for m in page.municipalities.all()}
        items.append(
            QueueItem(
                title=page.get_admin_display_title(),
                url=reverse("wagtailadmin_pages:edit", args=[page.id]),
                county_ids=frozenset(county_ids),
                since=since,
                detail=str(page.get_kind_display()),
            )
        )
    return items


def register():
    register_overview_section(
        "agreements",
        "portal/overview/sections/agreements.html",
        municipality=municipality_agreements,
        county=county_agreements,
        order=10,
    )
    register_overview_section(
        "quotas",
        "portal/overview/sections/quotas.html",
        municipality=municipality_quotas,
        county=county_quotas,
        order=20,
    )
    register_overview_section(
        "knowledge",
        "portal/overview/sections/knowledge.html",
        municipality=municipality_knowledge,
        county=county_knowledge,
        order=50,
    )
    register_county_column(
        "lok", _("Local agreement"), local_agreement_cells, order=10, numeric=False
    )
    register_county_column("kommuntal", _("Settlement quota this year"), quota_cells, order=20)
    register_fact_provider(agreement_facts)
    purge_overviews_on_change(AgreementPage, SettlementQuota, ProjectPage, MethodSupportPage)
    register_staff_queue(
        "agreements_in_moderation",
        _("Agreements in moderation"),
        agreements_in_moderation,
        order=40,
    )
