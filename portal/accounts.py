"""The portal's allauth adapter: account e-mails link to the portal's one base URL.

allauth builds links from the request's Host header; the portal's e-mails all point at
``PORTAL_BASE_URL`` instead (see ``portal.emails``), so a request sent with a forged Host cannot
put someone else's address in a confirmation or password-reset link.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from allauth.account.adapter import DefaultAccountAdapter


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mail templates read as ``current_site``."""

    name: str
    domain: str


def on_portal_base(url):
    """An absolute http(s) URL moved onto ``PORTAL_BASE_URL``; anything else unchanged."""
    if not isinstance(url, str):
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    base = urlsplit(settings.PORTAL_BASE_URL)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {key: on_portal_base(value) for key, value in context.items()}
        return super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        context = {
            **context,
            "current_site": PortalSite(
                name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.PORTAL_BASE_URL).netloc
            ),
        }
        return super().render_mail(template_prefix, email, context, headers=headers)
