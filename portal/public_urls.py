"""Public routes of the site core that are not Wagtail pages."""

from django.urls import path

from . import overview_views

urlpatterns = [
    path("kommuner/", overview_views.county_index, name="municipality_index"),
    path(
        "kommuner/<slug:slug>/",
        overview_views.municipality_overview,
        name="municipality_overview",
    ),
    path("lan/", overview_views.county_index, name="county_index"),
    path("lan/<slug:slug>/", overview_views.county_overview, name="county_overview"),
]
