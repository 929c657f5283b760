"""Organisation logos: what is uploaded is checked, then replaced by a small PNG rendition.

The upload itself is never stored or served: only a re-encoded thumbnail (at most
``RENDITION_SIZE``, metadata such as GPS positions dropped) reaches storage, under a name that
does not repeat the uploaded file's. A replaced or removed logo's file is deleted once the change
is committed.
"""

import secrets
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction

RENDITION_SIZE = (400, 400)


def rendition(upload):
    """The upload as a PNG no larger than ``RENDITION_SIZE`` (first frame of an animation)."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image.draft("RGB", RENDITION_SIZE)
        image = ImageOps.exif_transpose(image)
        image.thumbnail(RENDITION_SIZE)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        output = BytesIO()
        image.save(output, "PNG", optimize=True)
    return ContentFile(output.getvalue())


def store_rendition(organisation):
    """Replace a new, uncommitted upload on ``organisation.logo`` with its rendition."""
    logo = organisation.logo
    if logo and not logo._committed:
        name = f"{organisation.slug or 'logo'}-{secrets.token_hex(4)}.png"
        logo.save(name, rendition(logo), save=False)


def delete_later(storage, name):
    """Delete the file ``name`` once the current transaction commits (never on a rollback)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
