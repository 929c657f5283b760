from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("mina-sidor/evenemang/", views.my_proposals, name="my_proposals"),
    path("mina-sidor/evenemang/nytt/", views.new_proposal, name="new_proposal"),
]
