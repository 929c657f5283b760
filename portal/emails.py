"""Links in e-mails: one base URL for every app, from the environment (``PORTAL_BASE_URL``).

E-mails are sent from background tasks where there is no request, and a request's Host header is
whatever the client sent, so neither the request nor the Wagtail Site record decides where a link
in an e-mail points.
"""

from django.conf import settings

from .text import single_line


def absolute_url(path):
    """``path`` (or an absolute URL, returned as it is) on the portal's public base URL."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def subject_line(text):
    """An e-mail subject on one line with the site's prefix."""
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return single_line(prefix + str(text))
