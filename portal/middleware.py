from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from csp.middleware import CSPMiddleware


class SwedishFirstLocaleMiddleware:
    """Serve Swedish unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a Swedish
    public service answers in Swedish first, so only the explicit choice (a cookie set by
    ``set_language``) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy.

    Public pages get ``CONTENT_SECURITY_POLICY`` (no inline script or style). Wagtail's admin
    still renders inline scripts and styles, so paths under ``PORTAL_ADMIN_PATH`` get
    ``PORTAL_ADMIN_CONTENT_SECURITY_POLICY`` instead; the admin is only open to staff, who log in
    through the portal's login.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.PORTAL_ADMIN_PATH)
        ):
            parts.config = settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    """Tell browsers the portal uses no camera, microphone, location, payment or USB (a script
    that got in anyway cannot ask for them)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PORTAL_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than ``PORTAL_MAX_REQUEST_SIZE`` with 413,
    before anything reads the body.

    Django's own limits apply while the body is parsed (``DATA_UPLOAD_MAX_MEMORY_SIZE``) or after
    an upload has been streamed to a temporary file (the upload size checks in forms); this stops
    an oversized upload at the door instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.PORTAL_MAX_REQUEST_SIZE
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if limit and declared > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    def too_large(self, request, limit):
        megabytes = limit // (1024 * 1024)
        message = _(
            "The upload is too large. A form may send at most %(megabytes)s MB at a time; "
            "make the file smaller or send the files one at a time."
        ) % {"megabytes": megabytes}
        html = render_to_string(
            "portal/request_too_large.html", {"message": message, "back": request.path}
        )
        # No "Connection: close": hop-by-hop headers belong to the server (wsgiref refuses them);
        # gunicorn and the proxy close the connection of an unread body themselves.
        return HttpResponse(html, status=413)
