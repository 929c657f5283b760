from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    # Wagtail only serves paths ending in "/", so the feed's file name needs its own route.
    re_path(
        r"^(?P<calendar_path>(?:[\w-]+/)+)kalender\.ics$",
        views.calendar_feed_by_path,
        name="calendar_feed",
    ),
    path("mina-sidor/kalender/", views.my_calendar, name="my_calendar"),
    # the secret address of one account's own calendar: calendar programs cannot log in
    re_path(
        r"^mina-sidor/kalender/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$",
        views.personal_feed,
        name="personal_feed",
    ),
    path("mina-sidor/evenemang/", views.my_proposals, name="my_proposals"),
    path("mina-sidor/evenemang/nytt/", views.new_proposal, name="new_proposal"),
]
