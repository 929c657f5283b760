"""CSV import of settlement quotas: all rows valid → saved; any bad row → nothing saved and a
per-row report."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from agreements.factories import SettlementQuotaFactory
from agreements.models import SettlementQuota
from agreements.moderation import EDITORS
from agreements.quota_import import import_quotas

pytestmark = pytest.mark.django_db

GOOD = (
    "year,municipality_code,group,number\n"
    "2024,2029,kvotflyktingar,9\n"
    "2024,2029,ukraina,11\n"
    "2024,2031,Kvotflyktingar,7\n"
    "2024,2031,Skyddsbehövande från Ukraina,10\n"
)


def test_good_file_is_imported():
    result = import_quotas(GOOD.encode())
    assert result.ok and result.created == 4 and result.updated == 0
    leksand = SettlementQuota.objects.filter(municipality__code="2029", year=2024)
    assert sorted(leksand.values_list("group", "number")) == [
        ("kvotflyktingar", 9),
        ("ukraina", 11),
    ]


def test_semicolons_and_bom_are_accepted():
    text = "\ufeff" + GOOD.replace(",", ";")
    assert import_quotas(text.encode("utf-8")).created == 4


def test_existing_rows_are_updated():
    SettlementQuotaFactory(year=2024, number=1, is_demo=True)  # Leksand, kvotflyktingar
    result = import_quotas(GOOD.encode())
    assert (result.created, result.updated) == (3, 1)
    quota = SettlementQuota.objects.get(
        municipality__code="2029", year=2024, group="kvotflyktingar"
    )
    assert quota.number == 9 and not quota.is_demo


@pytest.mark.parametrize(
    "content, row, column, message",
    [
        ("år,kommun,grupp,antal\n2024,2029,ukraina,1\n", 1, "", "Kolumnerna ska vara"),
        (
            "year,municipality_code,group,number\n2024,9999,ukraina,1\n",
            2,
            "municipality_code",
            "ingen känd kommunkod",
        ),
        ("year,municipality_code,group,number\n2024,2029,ukraina,-3\n", 2, "number", "negativt"),
        (
            "year,municipality_code,group,number\n2024,2029,ukraina,tolv\n",
            2,
            "number",
            "inte ett heltal",
        ),
        (
            "year,municipality_code,group,number\n2024,2029,ukraina,1.5\n",
            2,
            "number",
            "inte ett heltal",
        ),
        ("year,municipality_code,group,number\n24,2029,ukraina,1\n", 2, "year", "inte ett år"),
        ("year,municipality_code,group,number\n2024,2029,alla,1\n", 2, "group", "ingen grupp"),
        ("year,municipality_code,group,number\n2024,2029,ukraina\n", 2, "", "ska ha 4 värden"),
        (
            "year,municipality_code,group,number\n2024,2062,ukraina,1\n2024,2062,ukraina,2\n",
            3,
            "",
            "Dubblett av rad 6",
        ),
    ],
)
def test_bad_rows_are_reported_and_nothing_is_saved(content, row, column, message):
    from django.utils import translation

    with translation.override("sv"):
        result = import_quotas(
            (GOOD + content.split("\n", 1)[1]).encode() if row > 1 else content.encode()
        )
    assert not result.ok
    assert SettlementQuota.objects.count() == 0
    assert any(message in e.message and e.column == column for e in result.errors), result.errors
    if row > 1:
        # the good rows come first in the file, so the bad row is moved down by four
        assert any(e.row == row + 4 for e in result.errors)


def test_every_bad_row_is_listed():
    content = "year,municipality_code,group,number\n2024,9999,ukraina,1\n2024,2029,x,-1\n"
    result = import_quotas(content.encode())
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "municipality_code"),
        (3, "group"),
        (3, "number"),
    }


@pytest.mark.parametrize(
    "data", [b"", b"\xff\xfe\x00junk", b"year,municipality_code,group,number\n"]
)
def test_empty_or_binary_files(data):
    result = import_quotas(data)
    assert not result.ok and SettlementQuota.objects.count() == 0


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("redaktor", "r@example.se", "x-Secret-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def test_admin_view_imports(client, editor):
    url = reverse("agreements_quota_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("k.csv", GOOD.encode())}, follow=True)
    assert response.status_code == 200
    assert SettlementQuota.objects.count() == 4
    assert "4 nya rader" in response.content.decode()


def test_admin_view_reports_errors(client, editor):
    bad = GOOD + "2024,0000,ukraina,1\n"
    response = client.post(
        reverse("agreements_quota_import"), {"file": SimpleUploadedFile("k.csv", bad.encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ingenting importerades" in html and "0000" in html
    assert SettlementQuota.objects.count() == 0


def test_admin_view_without_file(client, editor):
    response = client.post(reverse("agreements_quota_import"), {})
    assert response.status_code == 200
    assert SettlementQuota.objects.count() == 0


def test_import_needs_permission(client):
    user = get_user_model().objects.create_user(
        "gast", "g@example.se", "x-Secret-123", is_staff=True
    )
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("agreements_quota_import")).status_code in (302, 403)
