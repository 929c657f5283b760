"""Anonymous full-page cache, shared by every worker, purged exactly when content changes.

Anonymous visitors read nearly everything and content changes a few times a day, so a public
page is rendered once and then served from the shared cache (Redis, or the database cache
table when there is no Redis: never one process's memory) until something it shows changes.

How a page is found: the entry's key is the scheme, host, path, sorted query string and
language; the entry holds the *version tokens* it was rendered under, one for the exact path and
one for every folder above it (``/``, ``/kalender/``, ``/kalender/manad/`` …), and is valid only
while they are all still current (the entry and the tokens are read in one round trip). A purge
never searches for entries; it gives the path (every query string and language of it) or the
folder (everything under it) a new random token, so the old entries no longer count. A version token
that was evicted is replaced by a new random one, never by a default, so eviction can only make
a page uncached, never stale.

A page may also say which rows it shows (``depends_on(request, [tag("organisation", 7)])``):
its entry then holds those rows' tokens too, and a purge of ``tag("organisation", 7)`` makes
stale only the pages showing that row — an edit of one organisation's description leaves the
list pages it is not on alone.

When: apps say which URLs a change affects with ``register_purge(model, urls_for)`` in their
``cache_purge`` module (found automatically); Wagtail pages get a rule for free (the page and
everything under it, each page above it, search and the sitemap). Purges run after the
transaction commits, so a worker that reads the new token also reads the new rows.

What is never kept: anything but a 200 answer to an anonymous GET; pages of a visitor with a
session or messages; responses that set a cookie, use or change the session, or say ``private``
/ ``no-store``; paths in ``PORTAL_PAGE_CACHE_EXCLUDE`` (admin, accounts, Mina sidor, documents,
media). Forms on public pages carry a CSRF token: it is cut out before the page is stored and
each visitor's own token is put back when it is served, so a token is never shared.
"""

import contextlib
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

HEADER = "X-Portal-Cache"
TAG_PREFIX = "tag:"
CSRF_PLACEHOLDER = "__portal_csrf_token__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
VARY_ALLOWED = {"cookie", "accept-encoding", "accept-language"}
# A worker waits at most this long for another that renders the same page.
RENDER_WAIT_SECONDS = 5
# A page found not to be cacheable (an error, a redirect, a private answer) is not waited for
# again during this time.
PASS_SECONDS = 30
DEFAULT_EXCLUDE = (
    "/admin/",
    "/konto/",
    "/mina-sidor/",
    "/dokument/",
    "/media/",
    "/static/",
    "/i18n/",
    "/_util/",
    "/__bench__/",
)


def timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0)


def page_cache():
    return caches[getattr(settings, "PORTAL_PAGE_CACHE_ALIAS", "default")]


# --- keys and versions -------------------------------------------------------------------


def folders(path):
    """``/kalender/manad/2027/`` → ``/``, ``/kalender/``, ``/kalender/manad/``,
    ``/kalender/manad/2027/``; a file-like last part (``kalender.ics``) is not a folder."""
    parts = [part for part in path.split("/") if part]
    if parts and not path.endswith("/"):
        parts = parts[:-1]
    return ["/"] + ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _path_key(path):
    return "pc:p:" + hashlib.sha256(path.encode()).hexdigest()


def _tree_key(folder):
    return "pc:t:" + hashlib.sha256(folder.encode()).hexdigest()


def tag(kind, pk):
    """The name under which pages that show one row are purged (see ``depends_on``)."""
    return f"{TAG_PREFIX}{kind}:{pk}"


def tag_key(name):
    return "pc:g:" + hashlib.sha256(name.encode()).hexdigest()


def _tokens(cache, keys, also=()):
    """The current tokens of ``keys`` (a missing one is created, never assumed) and the values
    of ``also``, in one round trip (two when a token is missing)."""
    found = cache.get_many([*keys, *also])
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        found.update(cache.get_many(missing))
    return found


def depends_on(request, tags: Iterable[str]):
    """Say that the page being rendered shows these rows (``tag(kind, pk)``): its kept copy is
    then purged by a purge of any of them as well as by its path's. Call it *before* reading
    the rows shown: the tokens read now are the ones the copy is kept under, so a change that
    commits while the page renders purges the copy it would otherwise leave stale."""
    pending = getattr(request, "_page_cache_tags", None)
    if pending is None:  # the page cache is not keeping this page
        return
    keys = [tag_key(name) for name in tags]
    try:
        found = _tokens(page_cache(), keys)
    except Exception:
        logger.exception("page cache: could not read the tags of %s", request.path)
        request._page_cache_tags = None  # not kept: it could not be purged exactly
        return
    pending.update({key: str(found.get(key, "")) for key in keys})


def forget(request, tags: Iterable[str]):
    """Take back tags said with ``depends_on`` that the page turned out not to need (a page
    must say what it may depend on before reading it, and may know only afterwards)."""
    pending = getattr(request, "_page_cache_tags", None)
    if pending:
        for name in tags:
            pending.pop(tag_key(name), None)


def version_keys(path):
    return [_path_key(path)] + [_tree_key(folder) for folder in folders(path)]


def current_versions(path, cache=None, also=()):
    """The version tokens deciding which entries of ``path`` are valid, and the values of the
    keys in ``also``, in one round trip (one more when a token is missing: it is then created,
    never assumed)."""
    cache = cache or page_cache()
    keys = version_keys(path)
    found = _tokens(cache, keys, also)
    return [str(found.get(key, "")) for key in keys], {key: found.get(key) for key in also}


def canonical_query(request):
    """The query string with its parameters in a fixed order (values of one name keep their
    order: it may matter to the page)."""
    items = [(key, value) for key in sorted(request.GET) for value in request.GET.getlist(key)]
    return "&".join(f"{key}={value}" for key, value in items)


def entry_key(request):
    identity = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            canonical_query(request),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        ]
    )
    return "pc:e:" + hashlib.sha256(identity.encode()).hexdigest()


def valid_entry(entry, versions):
    """The entry, if it was rendered under exactly these version tokens."""
    if entry is not None and entry.get("versions") == versions:
        return entry
    return None


def valid_page(cache, entry, versions):
    """The kept page, if its path's tokens and the tokens of the rows it shows (its tags, read
    in one more round trip) are all still the ones it was rendered under."""
    entry = valid_entry(entry, versions)
    tags = entry.get("tags") if entry is not None else None
    if tags:
        found = cache.get_many(list(tags))
        if any(str(found.get(key, "")) != token for key, token in tags.items()):
            return None
    return entry


# --- purging -----------------------------------------------------------------------------


def purge(urls: Iterable[str], cache=None):
    """Make these URLs fetch fresh content now. ``/foreningar/`` means that path with every
    query string and language; ``/foreningar/*`` means everything under that folder;
    ``tag(kind, pk)`` every page that said it shows that row (``depends_on``)."""
    urls = {url for url in urls if url}
    if not urls:
        return
    tokens = {}
    for url in urls:
        if url.startswith(TAG_PREFIX):
            tokens[tag_key(url)] = secrets.token_hex(8)
        elif url.endswith("*"):
            folder = url[:-1] if url[:-1].endswith("/") else url[:-1] + "/"
            tokens[_tree_key(folder)] = secrets.token_hex(8)
        else:
            tokens[_path_key(url)] = secrets.token_hex(8)
    try:
        (cache or page_cache()).set_many(tokens, None)
    except Exception:  # an unreachable cache must not break an editor's publish
        logger.exception("page cache: could not purge %s", sorted(urls))
    _purge_frontend_cache({url for url in urls if not url.startswith(TAG_PREFIX)})


def now_and_after_commit(invalidate: Callable[[], None]):
    """Run a cache invalidation now and again once the current transaction has committed: a
    worker that renders between the two reads the old rows, and what it keeps is made stale
    by the second (outside a transaction, once)."""
    if transaction.get_connection().in_atomic_block:
        invalidate()
    transaction.on_commit(invalidate, robust=True)


def purge_on_commit(urls: Iterable[str]):
    """Purge now and once the current transaction has committed (``now_and_after_commit``)."""
    urls = set(urls)
    if urls:
        now_and_after_commit(lambda: purge(urls))


def _purge_frontend_cache(urls):
    """Pass the purge on to a CDN or Varnish in front, when one is configured."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    base = settings.PORTAL_BASE_URL
    try:
        purge_urls_from_cache([base + url.rstrip("*") for url in sorted(urls)])
    except Exception:
        logger.exception("page cache: the front-end cache purge failed")


# --- the registry: which URLs a change affects -------------------------------------------

_rules: dict[type, list[Callable]] = {}
_not_on_create: set[type] = set()
_lists_itself: set[type] = set()


def register_purge(model, urls_for: Callable, on_create=True, lists_itself=False):
    """Say which URLs show ``model``: ``urls_for(instance)`` returns paths (``/kalender/``) and
    folders (``/kalender/*``). Called for saves and deletes of the model and its subclasses;
    for Wagtail pages, on publish, unpublish, move, delete and view-restriction changes.
    ``on_create=False`` for rows made with defaults while a page is shown (site settings).
    ``lists_itself``: for pages whose rule says itself which of their parent's pages show them
    (row tags); the core page rule then leaves the parent's path alone."""
    _rules.setdefault(model, []).append(urls_for)
    if not on_create:
        _not_on_create.add(model)
    if lists_itself:
        _lists_itself.add(model)


def remember_before(model, fields, dispatch_uid):
    """Keep, before each save of ``model``, the values ``fields`` have in the database: for rules
    that purge less when those did not change (``fields_changed``)."""
    from django.db.models.signals import pre_save

    def remember(sender, instance, raw=False, **kwargs):
        if raw or not instance.pk:
            instance._purge_before = None
            return
        instance._purge_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()

    pre_save.connect(remember, sender=model, weak=False, dispatch_uid=dispatch_uid)


def value_before(instance, field):
    """``field``'s value before the save (``remember_before``), or None for a new row."""
    before = getattr(instance, "_purge_before", None)
    return before.get(field) if before else None


def fields_changed(instance, fields) -> bool:
    """Whether any of ``fields`` changed, or the row is new, deleted or had its related rows
    (municipalities, areas …) changed; the values before come from ``remember_before``."""
    before = getattr(instance, "_purge_before", None)
    if before is None or any(
        getattr(instance, flag, False) for flag in ("_purge_related_changed", "_purge_deleted")
    ):
        return True
    return any(before[field] != getattr(instance, field) for field in fields)


def urls_for(instance, created=False) -> set[str]:
    urls = set()
    for model, rules in _rules.items():
        if isinstance(instance, model):
            if created and model in _not_on_create:
                continue
            for rule in rules:
                try:
                    urls.update(rule(instance) or ())
                except Exception:
                    logger.exception("page cache: purge rule for %r failed", instance)
                    urls.add("/*")  # when in doubt, everything
    return urls


def page_path(page):
    """The page's path on its site, or None when it has none (not routable)."""
    try:
        parts = page.get_url_parts()
    except Exception:
        return None
    return parts[2] if parts else None


def page_urls(page):
    """A page shows up on its own URL and those under it (routable sub-pages, feeds), on the
    pages above it (lists, the home page) and in the sitemap; in search through the index,
    whose writes purge the searches they change (search.page_tags). A child of a site's
    root page may be in the main menu, which every page shows: any change to one purges
    everything (such section pages are few and seldom published)."""
    urls = {"/sitemap.xml"}
    path = page_path(page)
    if path:
        urls.add(path + "*")
    ancestors = list(page.get_ancestors())
    if ancestors and ancestors[-1].pk in site_root_ids():
        return everything()
    if isinstance(page, tuple(_lists_itself)):
        ancestors = ancestors[:-1]  # its own rule purges what its parent shows of it
    for ancestor in ancestors:
        ancestor_path = page_path(ancestor)
        if ancestor_path:
            urls.add(ancestor_path)
    return urls


def site_root_ids():
    from wagtail.models import Site

    return set(Site.objects.values_list("root_page_id", flat=True))


def everything(_instance=None):
    return {"/*"}


# --- signals -----------------------------------------------------------------------------


def _changed(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    purge_on_commit(urls_for(instance, created=created))


def _page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A live page saved in full changes what it shows (publishing a revision saves it, and
    ``page.save()`` on a live page writes straight to the public version); drafts do not."""
    if raw or update_fields is not None or not getattr(instance, "live", False):
        return
    purge_on_commit(urls_for(instance))


def _page_event(sender, instance, **kwargs):
    purge_on_commit(urls_for(instance))


def _restriction_changed(sender, instance, **kwargs):
    page = getattr(instance, "page", None)
    if page is not None:
        purge_on_commit(urls_for(page.specific_deferred))


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    register_purge(Page, page_urls)

    page_published.connect(_page_event, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_event, dispatch_uid="page_cache_unpublished")
    # before a move its old URLs, after it the new ones
    pre_page_move.connect(_page_event, dispatch_uid="page_cache_pre_move")
    post_page_move.connect(_page_event, dispatch_uid="page_cache_post_move")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="pc_vr_s")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="pc_vr_d")

    def saved(sender, instance, raw=False, **kwargs):
        if isinstance(instance, Page):
            _page_saved(sender, instance, raw=raw, **kwargs)
        elif _rules_apply(instance):
            _changed(sender, instance, raw=raw, created=kwargs.get("created", False))

    def deleted(sender, instance, **kwargs):
        # pages: before the rows go (their URL is still known); other models: after
        if isinstance(instance, Page) or _rules_apply(instance):
            instance._purge_deleted = True  # for rules that compare fields (fields_changed)
            purge_on_commit(urls_for(instance))

    def related_changed(sender, instance, action, pk_set=None, **kwargs):
        # target groups, languages, tags… set after the row was saved (post_add, post_remove…);
        # taggit says so even when nothing was added or removed
        if not action.startswith("post_") or (action != "post_clear" and not pk_set):
            return
        if _rules_apply(instance) or (isinstance(instance, Page) and instance.live):
            instance._purge_related_changed = True  # for rules that compare fields
            try:
                purge_on_commit(urls_for(instance))
            finally:
                del instance._purge_related_changed

    post_save.connect(saved, weak=False, dispatch_uid="page_cache_saved")
    pre_delete.connect(deleted, weak=False, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(related_changed, weak=False, dispatch_uid="page_cache_m2m")


def _rules_apply(instance):
    from wagtail.models import Page

    return any(
        isinstance(instance, model) for model in _rules if model is not Page
    ) and not isinstance(instance, Page)


def register_site_wide():
    """Models every page may show (reference data, images, documents, site settings)."""
    from django.apps import apps

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Site

    for label in ("portal.County", "portal.Municipality", "portal.TargetGroup"):
        register_purge(apps.get_model(label), everything)
    for model in (get_image_model(), get_document_model(), Site):
        register_purge(model, everything)
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    register_purge(BaseGenericSetting, everything, on_create=False)
    register_purge(BaseSiteSetting, everything, on_create=False)


def ready():
    """Called from portal's AppConfig.ready: signals, rules, each app's ``cache_purge``."""
    from django.db.models.signals import post_migrate
    from django.utils.module_loading import autodiscover_modules

    connect_signals()
    register_site_wide()
    autodiscover_modules("cache_purge")
    post_migrate.connect(create_cache_table, dispatch_uid="page_cache_table")


def create_cache_table(using="default", **kwargs):
    """The database cache needs its table; make it with every migrate (idempotent)."""
    from django.core.management import call_command

    if any(
        config.get("BACKEND", "").endswith("DatabaseCache") for config in settings.CACHES.values()
    ):
        call_command("createcachetable", database=using, verbosity=0)


# --- the middleware ----------------------------------------------------------------------


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the shared cache; keep what may be kept.

    Sits after the session, CSRF, auth and messages middleware, so that headers which differ
    per visitor (CSP, the CSRF cookie, Vary) are added afresh to every answer, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not timeout() or not self.may_read(request):
            return self.bypass(request)
        try:
            cache = page_cache()
            key = entry_key(request)
            versions, found = current_versions(request.path, cache, also=[key])
            entry = valid_page(cache, found[key], versions)
        except Exception:
            logger.exception("page cache: unreachable, serving without it")
            return self.bypass(request)
        if request.method == "HEAD":  # served from a kept GET, never stored
            if entry is None or entry.get("pass"):
                return self.bypass(request)
            return self.from_entry(request, entry)
        keep_under = versions  # the tokens the copy rendered here is kept under
        if entry is None and not self.claim(cache, key, versions):
            entry = self.wait_for(cache, request, key, versions)
            if entry is None:
                # rendered here after all: kept under the tokens current now (under those read
                # before a purge it would never be served)
                with contextlib.suppress(Exception):
                    keep_under, _found = current_versions(request.path, cache)
        if entry is not None and entry.get("pass"):
            return self.bypass(request)
        if entry is not None:
            return self.from_entry(request, entry)
        request._page_cache_tags = {}
        try:
            response = self.get_response(request)
            stored = self.to_entry(request, response)
            try:
                if stored is None:
                    cache.set(key, {"pass": True, "versions": keep_under}, PASS_SECONDS)
                else:
                    stored["tags"] = request._page_cache_tags
                    cache.set(key, {**stored, "versions": keep_under}, timeout())
            except Exception:
                logger.exception("page cache: could not store %s", request.path)
        finally:
            self.release(cache, key, versions)
        if stored is None:
            response.headers.setdefault(HEADER, "bypass")
            return response
        self.add_headers(response, stored)
        response[HEADER] = "miss"
        return response

    @staticmethod
    def rendering_key(key, versions):
        return key + ":rendering:" + hashlib.sha256("".join(versions).encode()).hexdigest()[:16]

    def claim(self, cache, key, versions):
        """Only one worker renders a missing page; the others wait for its copy (a publish
        that purges the calendar feed must not have every worker rebuild it at once)."""
        try:
            return cache.add(self.rendering_key(key, versions), 1, RENDER_WAIT_SECONDS)
        except Exception:
            return True

    def release(self, cache, key, versions):
        with contextlib.suppress(Exception):
            cache.delete(self.rendering_key(key, versions))

    def wait_for(self, cache, request, key, versions):
        """The copy another worker is rendering, once it is kept. Each look reads the current
        tokens too: after a purge the copy being waited for is out of date and a fresher one
        may already be kept (the entry's key is shared, so it replaced the one waited for).
        None (render it here) when the renderer has finished without a copy valid now, or
        after RENDER_WAIT_SECONDS."""
        claim = self.rendering_key(key, versions)
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                current, found = current_versions(request.path, cache, also=[key, claim])
                entry = valid_page(cache, found[key], current)
            except Exception:
                return None
            if entry is not None:
                return entry
            if found[claim] is None:
                return None  # rendered but not kept, or purged meanwhile
        return None  # the other worker is slow or gone: render it here

    def bypass(self, request):
        response = self.get_response(request)
        if timeout():
            response.headers.setdefault(HEADER, "bypass")
        return response

    def may_read(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        exclude = getattr(settings, "PORTAL_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDE)
        return not request.path.startswith(tuple(exclude))

    def to_entry(self, request, response):
        """What to keep of this response, or None when it must not be kept."""
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return None
        if getattr(request, "_page_cache_tags", {}) is None:
            return None  # the rows it shows could not be noted, so it could not be purged
        if response.cookies:
            return None
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return None
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part}
        if vary - VARY_ALLOWED:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        storage = getattr(request, "_messages", None)
        if storage is not None and (storage.used or getattr(storage, "_queued_messages", None)):
            return None
        content, replaced = CSRF_INPUT.subn(
            rb"\1" + CSRF_PLACEHOLDER.encode() + rb"\2", response.content
        )
        if content.count(b"csrfmiddlewaretoken") != replaced:
            return None  # a token somewhere we cannot take it out of
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("set-cookie", "content-length", HEADER.lower())
        ]
        return {
            "status": response.status_code,
            "content": content,
            "headers": headers,
            "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
            "last_modified": time.time(),
            "csrf": replaced > 0,
        }

    def from_entry(self, request, entry):
        content = entry["content"]
        if entry["csrf"]:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        self.add_headers(response, entry)
        response[HEADER] = "hit"
        conditional = get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=int(entry["last_modified"]),
            response=response,
        )
        if conditional is not response and conditional.status_code == 304:
            conditional[HEADER] = "hit"
            if entry["csrf"]:
                # the browser's copy holds its own token; keep its cookie alive
                get_token(request)
        return conditional

    def add_headers(self, response, entry):
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        shared = getattr(settings, "PORTAL_PAGE_CACHE_SHARED_MAX_AGE", 0)
        if entry["csrf"]:
            # a page holding a visitor's CSRF token is for that browser only
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        elif shared and not entry.get("tags"):
            # a CDN is purged by URL; a page purged by the rows it shows stays with us
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
