from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("foreningar/", views.organisation_list, name="organisation_list"),
    path("foreningar/aktiviteter/", views.activity_list, name="activity_list"),
    path("foreningar/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "foreningar/<slug:slug>/aktiviteter/<int:pk>/",
        views.activity_detail,
        name="activity_detail",
    ),
    path("mina-sidor/", views.dashboard, name="dashboard"),
    path("mina-sidor/foreningar/ny/", views.organisation_create, name="organisation_create"),
    path("mina-sidor/foreningar/<int:pk>/", views.organisation_manage, name="organisation_manage"),
    path(
        "mina-sidor/foreningar/<int:pk>/redigera/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/stang/",
        views.organisation_close,
        name="organisation_close",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/aktiviteter/ny/",
        views.activity_create,
        name="activity_create",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/aktiviteter/<int:activity_pk>/redigera/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/aktiviteter/<int:activity_pk>/status/",
        views.activity_status,
        name="activity_status",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/aktiviteter/<int:activity_pk>/ny-granskning/",
        views.activity_review_request,
        name="activity_review_request",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/ny-granskning/",
        views.organisation_review_request,
        name="organisation_review_request",
    ),
    path("mina-sidor/foreningar/<int:pk>/bjud-in/", views.invite, name="invite"),
    path(
        "mina-sidor/foreningar/<int:pk>/inbjudningar/<int:invitation_pk>/aterkalla/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/medlemmar/<int:membership_pk>/ta-bort/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "mina-sidor/foreningar/<int:pk>/medlemmar/<int:membership_pk>/gor-till-agare/",
        views.member_make_owner,
        name="member_make_owner",
    ),
    path("mina-sidor/inbjudan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("mina-sidor/mina-uppgifter/", views.personal_data, name="personal_data"),
    path(
        "mina-sidor/mina-uppgifter/mina-uppgifter.json",
        views.personal_data_export,
        name="personal_data_export",
    ),
    path("mina-sidor/mina-uppgifter/ta-bort-konto/", views.account_delete, name="account_delete"),
]
