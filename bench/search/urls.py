from django.urls import path

from portal.bench_urls import urlpatterns as bench_urlpatterns

from . import peers

urlpatterns = [
    path("__bench__/search/naive/", peers.naive),
    path("__bench__/search/wagtail/", peers.wagtail),
    *bench_urlpatterns,
]
