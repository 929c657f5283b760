"""Load all 21 counties and 290 municipalities (SCB codes) and the default target groups."""

from django.db import migrations
from django.utils.text import slugify

from portal.geography_data import COUNTIES, MUNICIPALITIES

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
    ("ensamkommande", "Ensamkommande barn och unga", "Barn och unga som kommit till Sverige utan vårdnadshavare."),
    ("offentliganstallda", "Offentliganställda", "Personal i kommuner, regioner och myndigheter som möter nyanlända."),
    ("frivilliga", "Frivilliga i civilsamhället", "Ideellt engagerade i föreningar, trossamfund och studieförbund."),
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


def load(apps, schema_editor):
    County = apps.get_model("portal", "County")
    Municipality = apps.get_model("portal", "Municipality")
    TargetGroup = apps.get_model("portal", "TargetGroup")
    counties = {}
    for code, name, full_name in COUNTIES:
        counties[code], _ = County.objects.update_or_create(
            code=code, defaults={"name": name, "full_name": full_name, "slug": slugify(name)}
        )
    for code, name, slug in municipality_slugs():
        Municipality.objects.update_or_create(
            code=code, defaults={"name": name, "slug": slug, "county": counties[code[:2]]}
        )
    for order, (slug, name, description) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
