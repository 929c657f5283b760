from urllib.parse import urlencode

from django.http import (
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET


def page_not_found(request, exception=None):
    """A friendly 404 in the site's layout, with a way onward (home and search)."""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


def server_error(request):
    """A 500 page that renders without the database or context processors."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /mina-sidor/",
        "Disallow: /konto/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@csrf_exempt
@never_cache
def to_portal_login(request):
    """Wagtail's own login forms (/admin/login/, /_util/login/) send to allauth's login.

    One way in: allauth's login has the mandatory e-mail verification, the rate limits and the
    enumeration-safe answers; a POST here never checks a password. ``next`` is passed on as it
    is (allauth validates it), defaulting to the admin's dashboard.
    """
    next_url = request.GET.get("next") or request.POST.get("next") or reverse("wagtailadmin_home")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


@never_cache
def to_portal_password_reset(request):
    """The admin's "forgotten password" link goes to allauth's (rate-limited) password reset."""
    return HttpResponseRedirect(reverse("account_reset_password"))
