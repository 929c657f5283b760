"""Validators with clear Swedish messages for what people type and upload."""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.se import orgnr

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
MAX_LOGO_PIXELS = (4000, 4000)


def clean_orgnr(value):
    """The organisation number in its canonical form (NNNNNN-NNNN), or a ValidationError."""
    try:
        if not (value or "").strip():
            raise InvalidLength()
        number = orgnr.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("An organisation number has exactly ten digits, e.g. 802480-1234."),
            code="orgnr_length",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The check digit (the last digit) is wrong. Check the organisation number."),
            code="orgnr_checksum",
        ) from None
    except (InvalidFormat, StdnumError):
        raise ValidationError(
            _("An organisation number may only contain digits and a hyphen, e.g. 802480-1234."),
            code="orgnr_format",
        ) from None
    return orgnr.format(number)


def validate_orgnr(value):
    clean_orgnr(value)


def validate_logo(file):
    """Only real PNG, JPEG, GIF or WebP images up to 2 MB and 4000 × 4000 pixels.

    The size in pixels is read from the image's header, before anything is decoded: a small file
    can hold a huge image (a "decompression bomb") that would fill the memory when resized."""
    if not file:
        return
    size = getattr(file, "size", 0) or 0
    if size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_LOGO_BYTES)},
            code="logo_size",
        )
    from PIL import Image

    unreadable = ValidationError(
        _("The file is not an image we can read. Upload a PNG, JPEG, GIF or WebP file."),
        code="logo_invalid",
    )
    too_large = _("The image is %(width)s × %(height)s pixels; the largest allowed is %(max)s.")
    max_pixels = f"{MAX_LOGO_PIXELS[0]} × {MAX_LOGO_PIXELS[1]}"
    try:
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width > MAX_LOGO_PIXELS[0] or height > MAX_LOGO_PIXELS[1]:
                    raise ValidationError(
                        too_large % {"width": width, "height": height, "max": max_pixels},
                        code="logo_pixels",
                    )
                image.verify()
        file.seek(position or 0)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            _("The image is too large in pixels; the largest allowed is %(max)s.")
            % {"max": max_pixels},
            code="logo_pixels",
        ) from None
    except Exception:
        raise unreadable from None
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Upload a PNG, JPEG, GIF or WebP file."), code="logo_format")
