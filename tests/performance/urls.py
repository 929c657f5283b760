"""The portal's URLs plus one public view that sets a cookie (never to be cached)."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def sets_a_cookie(request):
    response = HttpResponse("<p>hej</p>")
    response.set_cookie("besokt", "ja")
    return response


def private_view(request):
    response = HttpResponse("<p>bara för dig</p>")
    response["Cache-Control"] = "private"
    return response


urlpatterns = [
    path("test-kaka/", sets_a_cookie),
    path("test-privat/", private_view),
    *portal_urlpatterns,
]
