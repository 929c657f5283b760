"""Wagtail's page routing with the shared cache in front of it.

Wagtail finds a page by walking the tree: the site for the host (one query), the site's root page,
then each part of the path as a child of the one before (a query each, and one more for the
specific page): five or six queries and about five milliseconds before a page that is not in the
page cache starts to render. Here the answer is remembered in the shared cache (Redis, or the
database cache: never one process's memory) as the page's id and type and how many parts of the
path lead to it; the next request reads it and the page itself in two round trips.

Nothing remembered is trusted: the page is read from the database again and used only if it is
still at that path (its ``url_path``); its own ``route`` then decides as Wagtail would (a
routable page's sub-route, 404 for a page that is not live), and view restrictions are checked
as always. A page moved, renamed, unpublished or deleted therefore never routes from a stale
entry; the walk runs again and the entry is replaced. Which site a host belongs to is kept as
Wagtail keeps its site root paths, and dropped when a site or a site's root page is saved or
deleted.
"""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from portal.page_cache import now_and_after_commit, page_cache, site_root_ids

logger = logging.getLogger(__name__)

SITES_KEY = "portal:route:sites"
# as long as the page cache keeps a page: code that changes which page answers a path without
# changing a page (a new sub-route above another page) counts within this time after a deploy
ROUTE_SECONDS = 60 * 60
_NO_SITE = "none"
# hosts kept in the site table; more (names the sites do not have, where ALLOWED_HOSTS admits any)
# are looked up by Wagtail on each request
MAX_HOSTS = 20


def _route_key(host, port, path):
    return "portal:route:" + hashlib.sha256(f"{host}:{port}:{path}".encode()).hexdigest()[:40]


def _host_of(request):
    # as Site.find_for_request: the raw host, so ALLOWED_HOSTS is checked elsewhere, not here
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _site(request, sites, cache):
    """The request's site, from the kept table of hosts (Wagtail's own lookup on a miss)."""
    host = _host_of(request)
    if host in sites:
        site = sites[host]
        return None if site == _NO_SITE else site
    site = Site.find_for_request(request)
    if len(sites) < MAX_HOSTS:  # every request reads the table: junk Host headers must not grow it
        cache.set(SITES_KEY, {**sites, host: site if site is not None else _NO_SITE}, ROUTE_SECONDS)
    return site


def _components(path):
    return [component for component in path.split("/") if component]


def _kept_route(request, site, components, entry):
    """The route from a kept entry, if its page is still where the entry says; else None."""
    site_id, page_id, content_type_id, depth = entry
    if site_id != site.pk or depth > len(components):
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not issubclass(model, Page):
        return None
    page = model.objects.filter(pk=page_id).first()
    root_path = site.root_page.url_path
    expected = root_path + "".join(f"{component}/" for component in components[:depth])
    if page is None or page.url_path != expected:
        return None
    return page.route(request, components[depth:])


def route(request, path):
    """``Page.route_for_request`` with the shared cache in front; sets what Wagtail caches on the
    request (``_wagtail_site``, ``_wagtail_route_for_request``) so the rest of the request (the
    serve view, ``Site.find_for_request``, ``Page.find_for_request``) uses it."""
    cache = page_cache()
    host, port = _host_of(request)
    key = _route_key(host, port, path)
    found = cache.get_many([SITES_KEY, key])
    site = _site(request, found.get(SITES_KEY) or {}, cache)
    request._wagtail_site = site
    if site is None:
        request._wagtail_route_for_request = None
        return None
    components = _components(path)
    entry = found.get(key)
    if entry is not None:
        try:
            result = _kept_route(request, site, components, entry)
        except Http404:
            result = None  # a kept entry only ever shortcuts a route found; else Wagtail decides
        if result is not None:
            request._wagtail_route_for_request = result
            return result
    result = Page.route_for_request(request, path)
    if result is not None:
        page = result[0]
        root_path = site.root_page.url_path
        if page.url_path.startswith(root_path):
            depth = len(_components(page.url_path[len(root_path) :]))
            cache.set(key, (site.pk, page.pk, page.content_type_id, depth), ROUTE_SECONDS)
    return result


def serve(request, path):
    """Wagtail's page view, routed through ``route``."""
    try:
        route(request, path)
    except Exception:  # an unreachable cache only makes routing slower: Wagtail walks the tree
        logger.exception("routing: the cache is unreachable, Wagtail routes this request")
        for attribute in ("_wagtail_site", "_wagtail_route_for_request"):
            request.__dict__.pop(attribute, None)
    return wagtail_views.serve(request, path)


# --- when the kept site table is out of date ----------------------------------------------


def forget_sites():
    now_and_after_commit(lambda: page_cache().delete(SITES_KEY))


def _site_changed(sender, instance, raw=False, **kwargs):
    forget_sites()


def _page_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if instance.pk in site_root_ids():
        forget_sites()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_site_changed, sender=Site, dispatch_uid="portal_routing_site_saved")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="portal_routing_site_deleted")
    post_save.connect(_page_saved, dispatch_uid="portal_routing_page_saved")
