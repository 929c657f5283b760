"""Gaps in the regional cooperation, made visible on the county pages and to staff.

Each rule is a small class with a Swedish label that reads ``portal.overview.OverviewFacts``
(what the apps know about a set of counties) and yields ``Gap`` rows. The rules never query
the database themselves, so the whole list costs the facts' fixed number of queries.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .overview import collect_facts, municipality_url

EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class Gap:
    """One gap: which rule found it, where, about what, with details for staff."""

    rule: "GapRule"
    county: object
    municipality: object
    subject: str
    detail: str
    url: str = ""
    admin_url: str = ""
    date: object = None

    @property
    def label(self):
        return self.rule.label


class GapRule:
    key = ""
    label = ""
    description = ""

    def find(self, facts):
        raise NotImplementedError


class NoLocalAgreement(GapRule):
    """A municipality with no local agreement (LÖK) in force today."""

    key = "utan-lok"
    label = _("Municipalities without a local agreement in force")
    description = _("No local agreement (LÖK) covering the municipality is in force today.")

    def find(self, facts):
        covered = {
            municipality_id
            for agreement in facts.agreements
            if agreement.is_local and agreement.in_force(facts.today)
            for municipality_id in agreement.municipality_ids
        }
        for municipality in facts.municipalities:
            if municipality.id in covered:
                continue
            yield _municipality_gap(self, municipality, _("No local agreement in force."))


def _agreement_places(agreement, facts):
    """(county, municipality) pairs an agreement's gap is listed under, within the facts'
    counties: a regional one under its county, a local one under each municipality."""
    if not agreement.is_local:
        county = facts.county(agreement.county_id)
        return [(county, None)] if county else []
    return [(m.county, m) for m in facts.municipalities if m.id in agreement.municipality_ids]


def _agreement_gaps(rule, agreement, facts, detail, date):
    """One gap about an agreement for each place it is listed under."""
    for county, municipality in _agreement_places(agreement, facts):
        yield Gap(
            rule=rule,
            county=county,
            municipality=municipality,
            subject=agreement.title,
            detail=str(detail),
            url=agreement.url,
            admin_url=agreement.admin_url,
            date=date,
        )


def _municipality_gap(rule, municipality, detail):
    """A gap about one municipality, linking to its overview page."""
    return Gap(
        rule=rule,
        county=municipality.county,
        municipality=municipality,
        subject=municipality.name,
        detail=str(detail),
        url=municipality_url(municipality),
    )


class ExpiringAgreement(GapRule):
    """An agreement in force that ends within 90 days with no successor decided."""

    key = "upphor-snart"
    label = _("Agreements that expire within 90 days")
    description = _("In force, ends within 90 days, and no new agreement has been published.")

    def find(self, facts):
        for agreement in facts.agreements:
            if not agreement.in_force(facts.today) or agreement.has_successor:
                continue
            days = agreement.days_left(facts.today)
            if days >= EXPIRY_WARNING_DAYS:
                continue
            detail = ngettext(
                "Ends %(date)s, in %(days)s day.", "Ends %(date)s, in %(days)s days.", days
            ) % {"date": date_format(agreement.valid_to, "j F Y"), "days": days}
            yield from _agreement_gaps(self, agreement, facts, detail, agreement.valid_to)


class ExpiredWithoutSuccessor(GapRule):
    """An agreement that has ended and was never followed by a new one."""

    key = "upphort-utan-ny"
    label = _("Agreements expired without a successor")
    description = _("The agreement has ended and no later agreement for the same area exists.")

    def find(self, facts):
        for agreement in facts.agreements:
            if not agreement.expired(facts.today) or agreement.has_successor:
                continue
            detail = _("Ended %(date)s.") % {"date": date_format(agreement.valid_to, "j F Y")}
            yield from _agreement_gaps(self, agreement, facts, detail, agreement.valid_to)


class QuotaWithoutActivity(GapRule):
    """A municipality that is to receive people this year but where no verified organisation
    runs a watched kind of activity (language café, refugee guides)."""

    key = "kommuntal-utan-verksamhet"
    label = _("Settlement quota this year but no active organisation for a kind of activity")
    description = _(
        "The municipality has a settlement quota this year, but no verified organisation runs "
        "a published activity of this kind there."
    )

    def find(self, facts):
        for municipality in facts.municipalities:
            quota = facts.quota_this_year.get(municipality.id, 0)
            if not quota:
                continue
            present = facts.activity_kinds.get(municipality.id, set())
            missing = [
                str(label)
                for kind, label in facts.watched_activity_kinds.items()
                if kind not in present
            ]
            if not missing:
                continue
            detail = _("Settlement quota %(year)s: %(number)s. Missing: %(kinds)s.") % {
                "year": facts.quota_year,
                "number": quota,
                "kinds": ", ".join(missing),
            }
            yield _municipality_gap(self, municipality, detail)


class OverdueActionItems(GapRule):
    """Action-plan items of agreements in force that are past their due date and not done."""

    key = "forsenade-atgarder"
    label = _("Action-plan items overdue")
    description = _("Items in the action plan of an agreement in force, past due and not done.")

    def find(self, facts):
        for agreement in facts.agreements:
            if not agreement.in_force(facts.today) or not agreement.overdue_items:
                continue
            items = sorted(agreement.overdue_items, key=lambda item: item.due_date)
            detail = "; ".join(
                f"{item.goal} ({date_format(item.due_date, 'j F Y')}"
                + (f", {item.responsible})" if item.responsible else ")")
                for item in items
            )
            yield from _agreement_gaps(self, agreement, facts, detail, items[0].due_date)


RULES = [
    NoLocalAgreement(),
    ExpiringAgreement(),
    ExpiredWithoutSuccessor(),
    QuotaWithoutActivity(),
    OverdueActionItems(),
]


def rule_choices():
    return [(rule.key, rule.label) for rule in RULES]


def _concerns(gap, municipality):
    """A gap concerns a municipality when it is about it, or about its whole county."""
    if gap.municipality is not None:
        return gap.municipality.id == municipality.id
    return gap.county.id == municipality.county_id


def find_gaps(facts, rules=None, municipality=None):
    """The gaps in the facts' counties, rule by rule, optionally for one municipality."""
    found = []
    for rule in rules or RULES:
        for gap in rule.find(facts):
            if municipality is None or _concerns(gap, municipality):
                found.append(gap)
    return found


def gaps_for_counties(counties, today=None, rule_keys=None):
    """The gap list, filtered by county (and rule): what the staff report and digest show."""
    rules = [rule for rule in RULES if not rule_keys or rule.key in rule_keys]
    return find_gaps(collect_facts(counties, today), rules)


def grouped(gaps):
    """``[(rule, [gaps])]`` in the rules' order, rules with no gap left out."""
    groups = []
    for rule in RULES:
        rows = [gap for gap in gaps if gap.rule is rule]
        if rows:
            groups.append((rule, rows))
    return groups
