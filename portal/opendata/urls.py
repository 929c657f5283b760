"""/api/v1/ (every view wrapped by ``open_data``: rate limit, CORS, ETag and 304),
/oppna-data/ (the human page, the catalogue, downloads and feeds) and /bevaka/ (saved
searches)."""

from django.urls import include, path, re_path

from . import alert_views, views
from .api import api
from .http import open_data


def _wrapped_api_urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = open_data(pattern.callback)
    return (patterns, app_name)


opendata_patterns = [
    path("oppna-data/", views.index, name="index"),
    path("oppna-data/katalog", views.catalogue, name="catalogue"),
    re_path(
        r"^oppna-data/katalog\.(?P<extension>ttl|jsonld|rdf)$",
        views.catalogue,
        name="catalogue_file",
    ),
    re_path(
        r"^oppna-data/ladda-ner/(?P<slug>[a-z]+)\.(?P<extension>csv|json)$",
        views.download,
        name="download",
    ),
    path("oppna-data/floden/overenskommelser.atom", views.agreements_feed, name="agreements_feed"),
    path("oppna-data/floden/evenemang.atom", views.events_feed, name="events_feed"),
    path("bevaka/", alert_views.subscribe, name="alert_subscribe"),
    path("bevaka/bekrafta/<str:token>/", alert_views.confirm, name="alert_confirm"),
    path("bevaka/hantera/<str:token>/", alert_views.manage, name="alert_manage"),
    path("bevaka/avsluta/<str:token>/", alert_views.unsubscribe, name="alert_unsubscribe"),
    path("mina-sidor/bevakningar/", alert_views.mine, name="alert_mine"),
]

urlpatterns = [
    path("api/v1/", include(_wrapped_api_urls(), namespace="api_v1")),
    path("", include((opendata_patterns, "opendata"))),
]
