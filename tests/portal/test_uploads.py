"""Uploads are capped before the body is read, images in pixels as well as bytes."""

import io
from wsgiref.util import is_hop_by_hop

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image as PILImage

THIRTY_MB = 30 * 1024 * 1024


class UnreadableBody(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/konto/login/", "/mina-sidor/foreningar/ny/", "/admin/images/add/"]
)
def test_an_oversized_request_is_refused_before_its_body_is_read(client, home, path):
    response = client.generic(
        "POST",
        path,
        b"x",
        content_type="multipart/form-data; boundary=gräns",
        CONTENT_LENGTH=str(THIRTY_MB),
        **{"wsgi.input": UnreadableBody(b"x")},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "För stor" in html or "för stor" in html
    assert "25 MB" in html
    # a WSGI server refuses hop-by-hop headers from the application (runserver answers 500)
    assert not [name for name in response.headers if is_hop_by_hop(name)]


@pytest.mark.django_db
def test_a_request_under_the_limit_goes_through(client, home):
    response = client.post("/konto/login/", {"login": "någon@example.se", "password": "fel"})
    assert response.status_code == 200


def test_upload_limits_are_set():
    assert settings.PORTAL_MAX_REQUEST_SIZE == 25 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


def png(width, height):
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_admin_refuses_an_image_with_too_many_pixels(client, home):
    """A 7,000 × 7,000 PNG is a few kilobytes but 49 megapixels once decoded."""
    from wagtail.images import get_image_model

    staff = get_user_model().objects.create_superuser("redaktion", "redaktion@example.se", "pw")
    client.force_login(staff)
    bomb = png(7000, 7000)
    assert len(bomb) < 200_000
    response = client.post(
        "/admin/images/add/",
        {"title": "Stor bild", "file": SimpleUploadedFile("stor.png", bomb, "image/png")},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Stor bild").exists()

    client.post(
        "/admin/images/add/",
        {
            "title": "Liten bild",
            "file": SimpleUploadedFile("liten.png", png(800, 600), "image/png"),
        },
    )
    assert get_image_model().objects.filter(title="Liten bild").exists()
