from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
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
