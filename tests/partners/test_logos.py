"""Logos: capped in bytes and pixels before anything is decoded, served as a small rendition
(never the upload itself), and a replaced or removed logo leaves no file behind."""

import io
import json
import re
import struct
import zlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from partners.models import Organisation

pytestmark = pytest.mark.django_db


def huge_png(width=12000, height=12000):
    """A valid, tiny PNG of a huge blank image: a decompression bomb (about 17 KB)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\0" + b"\0" * ((width + 7) // 8)
    data = zlib.compress(row * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def png(size=(1200, 900), colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def form_data(organisation, leksand, **extra):
    data = {
        "name": organisation.name,
        "org_number": organisation.org_number,
        "legal_form": organisation.legal_form,
        "municipalities": [leksand.pk],
    }
    data.update(extra)
    return data


def upload(content, name="logo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_pixel_bomb_is_refused_without_being_decoded(client, owner, org_a, leksand):
    bomb = huge_png()
    assert len(bomb) < 40_000
    client.force_login(owner)
    response = client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        form_data(org_a, leksand, logo=upload(bomb)),
    )
    assert response.status_code == 200
    assert "12000 × 12000" in response.content.decode()
    assert "4000 × 4000" in response.content.decode()
    org_a.refresh_from_db()
    assert not org_a.logo


def test_the_public_page_and_json_ld_show_a_small_rendition(client, owner, org_a, leksand):
    client.force_login(owner)
    client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        form_data(org_a, leksand, logo=upload(png((1200, 900)), "Vår logga.png")),
    )
    org_a.refresh_from_db()
    assert org_a.logo
    with default_storage.open(org_a.logo.name) as stored, Image.open(stored) as image:
        assert max(image.size) <= 400
    page = client.get(org_a.get_absolute_url()).content.decode()
    assert f'src="{org_a.logo.url}"' in page
    assert "Vår logga" not in page
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["logo"].endswith(org_a.logo.url)


def test_a_replaced_or_removed_logo_is_deleted_from_storage(
    client, owner, org_a, leksand, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    url = reverse("partners:organisation_edit", args=[org_a.pk])
    client.post(url, form_data(org_a, leksand, logo=upload(png((300, 300), "red"))))
    org_a.refresh_from_db()
    first = org_a.logo.name
    assert default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(org_a, leksand, logo=upload(png((300, 300), "blue"))))
    org_a.refresh_from_db()
    second = org_a.logo.name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(org_a, leksand, **{"logo-clear": "on"}))
    org_a.refresh_from_db()
    assert not org_a.logo
    assert not default_storage.exists(second)


def test_closing_the_organisation_deletes_its_logo(
    client, owner, org_a, leksand, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        form_data(org_a, leksand, logo=upload(png((300, 300)))),
    )
    name = Organisation.objects.get(pk=org_a.pk).logo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:organisation_close", args=[org_a.pk]))
    assert not default_storage.exists(name)


def test_a_huge_file_is_refused_by_its_size(client, owner, org_a, leksand):
    client.force_login(owner)
    response = client.post(
        reverse("partners:organisation_edit", args=[org_a.pk]),
        form_data(org_a, leksand, logo=upload(png((10, 10)) + b"\0" * (2 * 1024 * 1024 + 1))),
    )
    assert response.status_code == 200
    assert "största tillåtna" in response.content.decode()
