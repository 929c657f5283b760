"""What every page's chrome shows: the header's main menu and the footer's contact and links.

They are the same on every page of a site and change only when an editor changes a page or the
footer settings, so they are read once and kept in the page cache's shared store
(``portal.page_cache``), valid only while the home page's path token and the site-wide token
are the ones they were read under: publishing, unpublishing, moving, renaming, restricting or
deleting any page purges the home page's path (the home page is above every page), and a change
to the site settings or the site purges everything, so the chrome is fresh at once in every
worker. ``PORTAL_OVERVIEW_FRAGMENT_SECONDS = 0`` (the kept parts off) reads them every time.
"""

import hashlib
import logging

from django.utils.translation import get_language

from wagtail.models import Page, Site

logger = logging.getLogger(__name__)


def site_chrome(request):
    """``site_navigation``: the live, public, in-menu children of the site's root page, as
    ``{"url", "url_path", "title"}``; ``site_footer``: ``{"contact_email", "accessibility_url",
    "privacy_url"}``. Evaluated lazily, so pages that never render the chrome (feeds, JSON)
    pay nothing, and once per request."""
    read = {}

    def chrome():
        if "value" not in read:
            read["value"] = _kept_chrome(request)
        return read["value"]

    return {
        "site_navigation": lambda: chrome()["navigation"],
        "site_footer": lambda: chrome()["footer"],
    }


def _kept_chrome(request):
    from . import page_cache
    from .overview import fragment_seconds

    seconds = fragment_seconds()
    if not seconds:
        return _read_chrome(request)
    # kept per host: which site a host belongs to changes only with a site, and a change to
    # a site purges everything; so a kept chrome needs no site lookup (one query fewer on
    # every page Wagtail does not serve)
    identity = "\n".join([request.scheme, request.get_host(), get_language() or ""])
    key = "chrome:" + hashlib.sha256(identity.encode()).hexdigest()
    cache = page_cache.page_cache()
    try:
        versions, values = page_cache.current_versions("/", cache, also=[key])
    except Exception:  # an unreachable cache only makes the page slower
        logger.exception("site chrome: the cache is unreachable, reading the chrome")
        return _read_chrome(request)
    entry = page_cache.valid_entry(values.get(key), versions)
    if entry is not None:
        return entry["value"]
    value = _read_chrome(request)
    try:
        cache.set(key, {"versions": versions, "value": value}, seconds)
    except Exception:
        logger.exception("site chrome: could not keep the chrome")
    return value


def _read_chrome(request):
    from .models import SiteChrome

    site = Site.find_for_request(request)
    if site is None:
        return {"navigation": [], "footer": {}}
    navigation = [
        {"url": page.get_url(request), "url_path": page.url_path, "title": page.title}
        for page in Page.objects.child_of(site.root_page).live().in_menu().public()
    ]
    settings = (
        SiteChrome.objects.select_related("accessibility_page", "privacy_page")
        .filter(site=site)
        .first()
    )
    footer = {}
    if settings is not None:
        footer = {
            "contact_email": settings.contact_email,
            "accessibility_url": _url(settings.accessibility_page, request),
            "privacy_url": _url(settings.privacy_page, request),
        }
    return {"navigation": navigation, "footer": footer}


def _url(page, request):
    return page.get_url(request) if page is not None else ""
