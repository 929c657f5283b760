"""Uploaded images and logos, served by Django when no web server does it.

Only the folders listed in ``PORTAL_PUBLIC_MEDIA_DIRS`` are served; documents never are, since
they go through Wagtail's /dokument/ view, which applies collection privacy
(``WAGTAILDOCS_SERVE_METHOD = "serve_view"``). In front of a busy site the web server can serve
the same folders itself (README, "Production"); nothing else in MEDIA_ROOT may be exposed.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# A file from MEDIA_ROOT is shown as what it is, never run as a page of the site.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; sandbox"


@require_safe
def serve_media(request, path):
    if not any(path.startswith(folder) for folder in settings.PORTAL_PUBLIC_MEDIA_DIRS):
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except ValueError as error:  # outside MEDIA_ROOT, e.g. "images/../documents/x.pdf"
        raise Http404 from error
    relative = full_path.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
    if not any(relative.startswith(folder) for folder in settings.PORTAL_PUBLIC_MEDIA_DIRS):
        raise Http404
    if not full_path.is_file():
        raise Http404
    content_type, _encoding = mimetypes.guess_type(full_path.name)
    if not (content_type or "").startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = MEDIA_CONTENT_SECURITY_POLICY
    response["Cache-Control"] = "public, max-age=86400"
    return response
