"""Reference data every installation has: counties, municipalities and target groups.

Used by the data migration and by tests whose database was flushed (transactional tests
and the browser tests' live server), so both load exactly the same rows.
"""

from django.conf import settings
from django.utils.text import slugify

from .geography_data import COUNTIES, MUNICIPALITIES

TARGET_GROUPS = [
    ("asylsokande", "Asylsökande", "Personer som har sökt asyl i Sverige och väntar på beslut."),
    (
        "skyddsbehovande-ukraina",
        "Skyddsbehövande från Ukraina",
        "Personer med tillfälligt skydd enligt EU:s massflyktsdirektiv.",
    ),
    (
        "kvotflyktingar",
        "Kvotflyktingar",
        "Flyktingar som UNHCR har valt ut för vidarebosättning, med uppehållstillstånd och kortare tid än tre år i Sverige.",
    ),
    (
        "abo-flyktingar",
        "Flyktingar från anläggningsboende (ABO)",
        "Personer med uppehållstillstånd som bor på Migrationsverkets anläggningsboenden och anvisas till en kommun.",
    ),
    (
        "ensamkommande",
        "Ensamkommande barn och unga",
        "Barn och unga som kommit till Sverige utan vårdnadshavare.",
    ),
    (
        "offentliganstallda",
        "Offentliganställda",
        "Personal i kommuner, regioner och myndigheter som möter nyanlända.",
    ),
    (
        "frivilliga",
        "Frivilliga i civilsamhället",
        "Ideellt engagerade i föreningar, trossamfund och studieförbund.",
    ),
]


def municipality_slugs():
    """ASCII slugs; a name with å, ä or ö that folds onto another name (Håbo, Habo) gets its
    county's slug appended, so the plainly spelt name keeps the short slug."""
    county_slugs = {code: slugify(name) for code, name, _full in COUNTIES}
    plain_first = sorted(MUNICIPALITIES, key=lambda row: (not row[1].isascii(), row[0]))
    taken = set()
    result = []
    for code, name in plain_first:
        slug = slugify(name)
        if slug in taken:
            slug = f"{slug}-{county_slugs[code[:2]]}"
        taken.add(slug)
        result.append((code, name, slug))
    return sorted(result)


def load_reference_data(County, Municipality, TargetGroup):
    """Create whatever is missing; existing rows (and editors' changes to them) are kept."""
    existing = set(County.objects.values_list("code", flat=True))
    County.objects.bulk_create(
        County(code=code, name=name, full_name=full_name, slug=slugify(name))
        for code, name, full_name in COUNTIES
        if code not in existing
    )
    counties = {county.code: county for county in County.objects.all()}
    existing = set(Municipality.objects.values_list("code", flat=True))
    Municipality.objects.bulk_create(
        Municipality(code=code, name=name, slug=slug, county=counties[code[:2]])
        for code, name, slug in municipality_slugs()
        if code not in existing
    )
    existing = set(TargetGroup.objects.values_list("slug", flat=True))
    TargetGroup.objects.bulk_create(
        TargetGroup(slug=slug, name=name, description=description, sort_order=order * 10)
        for order, (slug, name, description) in enumerate(TARGET_GROUPS, start=1)
        if slug not in existing
    )


def ensure_site_basics():
    """After a flush: the reference data, Wagtail's default locale, root page and collection."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    from .models import County, Municipality, TargetGroup

    load_reference_data(County, Municipality, TargetGroup)
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
