from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search, name="search"),
    path("sok/forslag/", views.suggestions, name="suggestions"),
]
