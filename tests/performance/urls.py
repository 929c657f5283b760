"""The portal's URLs plus one public view that sets a cookie (never to be cached)."""

from django.http import HttpResponse
from django.urls import path

from portal import page_cache
from portal.urls import urlpatterns as portal_urlpatterns


def sets_a_cookie(request):
    response = HttpResponse("<p>hej</p>")
    response.set_cookie("besokt", "ja")
    return response


def private_view(request):
    response = HttpResponse("<p>bara för dig</p>")
    response["Cache-Control"] = "private"
    return response


SHOWN = {"rows": ["a", "b"], "reads": 0}


def shows_rows(request):
    """A page that says which rows it shows (tags), as the directory's list does."""
    page_cache.depends_on(request, [page_cache.tag("test-row", row) for row in SHOWN["rows"]])
    SHOWN["reads"] += 1
    return HttpResponse(f"<p>{' '.join(SHOWN['rows'])} (read {SHOWN['reads']})</p>")


urlpatterns = [
    path("test-rader/", shows_rows),
    path("test-kaka/", sets_a_cookie),
    path("test-privat/", private_view),
    *portal_urlpatterns,
]
