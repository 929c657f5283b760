from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from partners.sitemaps import ActivitySitemap, OrganisationSitemap
from portal import design_views, routing, views
from portal.media import serve_media
from portal.visibility import PublicPageSitemap

SITEMAPS = {
    "pages": PublicPageSitemap,
    "organisations": OrganisationSitemap,
    "activities": ActivitySitemap,
}

urlpatterns = [
    # One way in: Wagtail's login forms send to allauth's (see portal.views.to_portal_login).
    path("admin/login/", views.to_portal_login),
    path("admin/password_reset/", views.to_portal_password_reset),
    path("_util/login/", views.to_portal_login),
    path("admin/", include(wagtailadmin_urls)),
    path("dokument/", include(wagtaildocs_urls)),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("designsystem/", design_views.designsystem, name="designsystem"),
    path("", include("portal.opendata.urls")),
    path("", include("search.urls")),
    path("", include("partners.urls")),
    path("", include("events.urls")),
    path("", include("agreements.urls")),
    path("", include("portal.public_urls")),
]

if settings.PORTAL_SERVE_MEDIA:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="portal_media")
    ]

# Wagtail's URLs, its page view routed through the shared cache (portal.routing)
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
