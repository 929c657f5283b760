import pytest

from portal.models import County, Municipality, TargetGroup

EXPECTED_PER_COUNTY = {
    "Stockholm": 26,
    "Uppsala": 8,
    "Södermanland": 9,
    "Östergötland": 13,
    "Jönköping": 13,
    "Kronoberg": 8,
    "Kalmar": 12,
    "Gotland": 1,
    "Blekinge": 5,
    "Skåne": 33,
    "Halland": 6,
    "Västra Götaland": 49,
    "Värmland": 16,
    "Örebro": 12,
    "Västmanland": 10,
    "Dalarna": 15,
    "Gävleborg": 10,
    "Västernorrland": 7,
    "Jämtland": 8,
    "Västerbotten": 15,
    "Norrbotten": 14,
}


@pytest.mark.django_db
def test_every_county_has_its_municipalities():
    counts = {county.name: county.municipalities.count() for county in County.objects.all()}
    assert counts == EXPECTED_PER_COUNTY
    assert Municipality.objects.count() == 290


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "name", "code"),
    [
        (County, "Dalarna", "20"),
        (County, "Blekinge", "10"),
        (Municipality, "Leksand", "2029"),
        (Municipality, "Rättvik", "2031"),
        (Municipality, "Karlskrona", "1080"),
    ],
)
def test_official_codes(model, name, code):
    assert model.objects.get(name=name).code == code


@pytest.mark.django_db
def test_municipality_codes_begin_with_their_county_code():
    mismatched = [
        m.code
        for m in Municipality.objects.select_related("county")
        if not m.code.startswith(m.county.code)
    ]
    assert mismatched == []


@pytest.mark.django_db
def test_slugs_are_ascii_and_unique():
    slugs = list(Municipality.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 290
    assert Municipality.objects.get(code="2031").slug == "rattvik"
    assert Municipality.objects.get(code="2023").slug == "malung-salen"


@pytest.mark.django_db
def test_target_groups_are_editable_reference_data():
    names = list(TargetGroup.objects.values_list("slug", flat=True))
    assert names == [
        "asylsokande",
        "skyddsbehovande-ukraina",
        "kvotflyktingar",
        "abo-flyktingar",
        "ensamkommande",
        "offentliganstallda",
        "frivilliga",
    ]
    group = TargetGroup.objects.get(slug="frivilliga")
    group.name = "Volontärer"
    group.save()
    assert TargetGroup.objects.get(slug="frivilliga").name == "Volontärer"
