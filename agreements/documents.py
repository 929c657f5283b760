"""How agreements, method support, projects and quota pages become search documents.

Read by search/ at start-up. The page source in ``search.pages`` decides visibility (live,
public, on a site) and collects the text of each page's ``search_fields``; here each page
type adds its kind, dates, geography, target groups and the text kept in child rows.
"""

import datetime

from search.registry import register_page

from .models import AgreementPage, MethodSupportPage, ProjectPage, SettlementQuotaPage


def county_codes(codes, municipalities):
    """``codes`` followed by the counties of ``municipalities``, each code once."""
    return list(dict.fromkeys([*codes, *(m.county.code for m in municipalities)]))


@register_page(AgreementPage)
def agreement(page, document):
    document.kind = (
        "regional_agreement" if page.kind == AgreementPage.Kind.REGIONAL else "local_agreement"
    )
    document.date = page.adopted_on or page.valid_from
    municipalities = list(page.municipalities.select_related("county"))
    document.county_codes = county_codes(
        [page.county.code] if page.county_id else [], municipalities
    )
    document.municipality_codes = [m.code for m in municipalities]
    regional = page.kind == AgreementPage.Kind.REGIONAL
    document.tags = ["RÖK" if regional else "LÖK"]
    # what it is and who agreed: weighted like the summary, so "regional överenskommelse"
    # or a party's name finds the agreement before pages that only mention it
    type_words = "regional överenskommelse RÖK" if regional else "lokal överenskommelse LÖK"
    parties = [party.name for party in page.parties.all()]
    document.keywords = " ".join(
        dict.fromkeys(p for p in [type_words, page.short_name, page.adopted_by, *parties] if p)
    )
    extra = [page.adopted_at]
    for item in page.action_items.all():
        extra += [item.goal, item.description, item.responsible]
    document.body = "\n".join(part for part in [document.body, *extra] if part)
    return document


@register_page(MethodSupportPage)
def method_support(page, document):
    document.kind = "method_support"
    if page.publication_year:
        document.date = datetime.date(page.publication_year, 1, 1)
    return document


@register_page(ProjectPage)
def project(page, document):
    document.kind = "project"
    document.date = page.starts_on
    municipalities = list(page.pilot_municipalities.select_related("county"))
    document.county_codes = county_codes([c.code for c in page.counties.all()], municipalities)
    document.municipality_codes = [m.code for m in municipalities]
    document.target_groups = [group.slug for group in page.target_groups.all()]
    return document


@register_page(SettlementQuotaPage)
def quota_page(page, document):
    document.kind = "quota"
    return document
