"""Municipality and county overviews (/kommuner/<slug>/, /lan/<slug>/) and the staff dashboard.

The core knows no app: each app registers, in its ``AppConfig.ready``,

- sections of the overview pages (``register_overview_section``),
- columns of the county page's municipality table (``register_county_column``),
- facts the gap rules in ``portal.gaps`` read (``register_fact_provider``),
- queues of what waits for staff (``register_staff_queue``).

Every registered function is called once per page with all of the county's municipalities, so a
page costs the same number of queries whatever the amount of content.
"""

import contextlib
import contextvars
import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import County, Municipality

logger = logging.getLogger(__name__)

_sections = []
_columns = []
_fact_providers = []
_staff_queues = []


# --- sections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewSection:
    """A part of the overview pages: a template and functions giving its context for one
    municipality ``(municipality, today)`` or one county ``(county, municipalities, today)``;
    a function returning None leaves the section out."""

    key: str
    template_name: str
    municipality: Callable | None = None
    county: Callable | None = None
    order: int = 100


def register_overview_section(key, template_name, *, municipality=None, county=None, order=100):
    _sections[:] = [s for s in _sections if s.key != key]
    _sections.append(OverviewSection(key, template_name, municipality, county, order))


def overview_sections():
    return sorted(_sections, key=lambda section: section.order)


# --- county table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One value in the county table: what is shown, what it sorts by (None sorts last) and
    an optional link."""

    text: str
    sort: object = None
    url: str = ""


@dataclass(frozen=True)
class CountyColumn:
    """A column of the county page's table: ``values(county, municipalities, today)`` returns
    ``{municipality_id: Cell}``; ``key`` is the ``?sortera=`` value."""

    key: str
    label: str
    values: Callable
    order: int = 100
    numeric: bool = True


NAME_SORT_KEY = "namn"


def register_county_column(key, label, values, *, order=100, numeric=True):
    _columns[:] = [c for c in _columns if c.key != key]
    _columns.append(CountyColumn(key, label, values, order, numeric))


def county_columns():
    return sorted(_columns, key=lambda column: column.order)


def parse_sort(value, columns=None):
    """``(key, descending)`` from a ``?sortera=`` value; anything unknown means by name."""
    keys = {NAME_SORT_KEY} | {c.key for c in (columns if columns is not None else _columns)}
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    if key not in keys:
        return NAME_SORT_KEY, False
    return key, descending


def sort_rows(rows, key, descending):
    """Rows sorted by one column; rows without a value for it come last either way, ties by
    name."""
    if key == NAME_SORT_KEY:
        return sorted(rows, key=lambda row: row["municipality"].name, reverse=descending)
    by_name = sorted(rows, key=lambda row: row["municipality"].name)
    with_value = [row for row in by_name if row["cells"][key].sort is not None]
    without = [row for row in by_name if row["cells"][key].sort is None]
    with_value.sort(key=lambda row: row["cells"][key].sort, reverse=descending)
    return with_value + without


# --- facts for the gap rules ----------------------------------------------------------------


@dataclass(frozen=True)
class ActionItemFact:
    goal: str
    responsible: str
    due_date: datetime.date


@dataclass
class AgreementFact:
    """An agreement as the gap rules see it, whichever app stores it."""

    title: str
    url: str
    is_local: bool
    county_id: int | None
    municipality_ids: frozenset
    valid_from: datetime.date
    valid_to: datetime.date
    has_successor: bool = False
    overdue_items: tuple = ()
    admin_url: str = ""

    def in_force(self, today):
        return self.valid_from <= today <= self.valid_to

    def expired(self, today):
        return self.valid_to < today

    def days_left(self, today):
        return (self.valid_to - today).days


@dataclass
class OverviewFacts:
    """What the apps know about the municipalities of some counties, for the gap rules."""

    today: datetime.date
    counties: list
    municipalities: list
    agreements: list = field(default_factory=list)
    quota_year: int = 0
    quota_this_year: dict = field(default_factory=dict)
    activity_kinds: dict = field(default_factory=dict)
    watched_activity_kinds: dict = field(default_factory=dict)

    @property
    def municipality_ids(self):
        return [m.id for m in self.municipalities]

    def county(self, county_id):
        return next((c for c in self.counties if c.id == county_id), None)


def register_fact_provider(provider):
    """``provider(facts)`` fills in what its app knows (a fixed number of queries)."""
    if provider not in _fact_providers:
        _fact_providers.append(provider)


def collect_facts(counties, today=None, municipalities=None):
    counties = list(counties)
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(county__in=counties)
            .select_related("county")
            .order_by("name")
        )
    today = today or timezone.localdate()
    facts = OverviewFacts(
        today=today, counties=counties, municipalities=municipalities, quota_year=today.year
    )
    for provider in _fact_providers:
        provider(facts)
    return facts


# --- staff queues ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """Something that waits for staff: shown on the dashboard, in the report and the digest."""

    title: str
    url: str
    county_ids: frozenset = frozenset()
    since: datetime.datetime | datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class StaffQueue:
    """``items(user)`` lists what waits for that user (empty when they may not act on it)."""

    key: str
    label: str
    items: Callable
    order: int = 100


def register_staff_queue(key, label, items, *, order=100):
    _staff_queues[:] = [q for q in _staff_queues if q.key != key]
    _staff_queues.append(StaffQueue(key, label, items, order))


def staff_queues():
    return sorted(_staff_queues, key=lambda queue: queue.order)


def counties_first(items, county_ids):
    """Items in the given counties first, the rest after, each part in its own order."""
    county_ids = set(county_ids)
    if not county_ids:
        return list(items)
    mine = [item for item in items if item.county_ids & county_ids]
    others = [item for item in items if not item.county_ids & county_ids]
    return mine + others


def waiting_for(user):
    """``[(queue, items)]`` for each queue with something waiting for the user, their own
    counties' items first."""
    county_ids = staff_county_ids(user)
    waiting = []
    for queue in staff_queues():
        items = counties_first(queue.items(user), county_ids)
        if items:
            waiting.append((queue, items))
    return waiting


def staff_county_ids(user):
    from .overview_models import StaffProfile

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        StaffProfile.counties.through.objects.filter(staffprofile__user=user).values_list(
            "county_id", flat=True
        )
    )


def staff_counties(user):
    """The counties the user works with; all counties when none are chosen."""
    ids = staff_county_ids(user)
    counties = County.objects.all()
    return (counties.filter(pk__in=ids) if ids else counties).order_by("code")


# --- the page cache -------------------------------------------------------------------------

OVERVIEW_URLS = frozenset({"/kommuner/*", "/lan/*"})


def overview_urls(_instance=None):
    return set(OVERVIEW_URLS)


def purge_overviews_on_change(*models):
    """Every overview page may show these models: a change purges all of them from the
    anonymous page cache (``portal.page_cache``), and so does a county board's contact."""
    from .overview_models import CountyBoardContact
    from .page_cache import register_purge

    for model in (CountyBoardContact, *models):
        if model not in _purged_models:
            _purged_models.add(model)
            register_purge(model, overview_urls)


_purged_models = set()


# --- kept parts of the pages ---------------------------------------------------------------

FRAGMENT_SECONDS = 300


def fragment_seconds():
    """How long a rendered part is kept at most (``PORTAL_OVERVIEW_FRAGMENT_SECONDS``, 0 turns
    the parts' cache off): upcoming events are chosen by the time of day, so not too long."""
    return getattr(settings, "PORTAL_OVERVIEW_FRAGMENT_SECONDS", FRAGMENT_SECONDS)


class Fragments:
    """Rendered parts of one overview page (its sections and gaps, the county table in one sort
    order) kept in the shared cache, so a page costs a handful of queries after its first
    render: for logged-in visitors too, whom the page cache never serves, and for every sort
    order of the county table.

    A part counts only while the page cache's version tokens for the page's path
    (``portal.page_cache.current_versions``) are the ones it was rendered under: whatever
    purges the page (a publish, a verification, a new event: ``purge_overviews_on_change``)
    makes its parts fresh at once, and a token read before a render that a purge replaces
    during it leaves that render unused. The key holds the host, language and date (days left,
    in force), and a part lives at most ``fragment_seconds()``. The tokens and every part are
    read in one round trip; the parts rendered are written in one more."""

    def __init__(self, request, today, parts, path=None):
        from . import page_cache

        self.request = request
        self.seconds = fragment_seconds()
        self.found = {}
        self.rendered = {}
        # another page's path: the part is valid exactly as long as that page's would be (the
        # home page's counts of the directory are kept under the activity list's tokens)
        path = path or request.path
        self.keys = {part: self._key(request, today, part, path) for part in parts}
        if not self.seconds:
            return
        self.cache = page_cache.page_cache()
        try:
            self.versions, values = page_cache.current_versions(
                path, self.cache, also=list(self.keys.values())
            )
        except Exception:  # an unreachable cache only makes the page slower
            logger.exception("overview: the cache is unreachable, rendering every part")
            self.seconds = 0
            return
        for part, key in self.keys.items():
            entry = page_cache.valid_entry(values.get(key), self.versions)
            if entry is not None:
                self.found[part] = entry["value"]

    @staticmethod
    def _key(request, today, part, path):
        from django.utils.translation import get_language

        identity = "\n".join(
            [
                request.scheme,
                request.get_host(),
                path,
                part,
                get_language() or "",
                str(today),
            ]
        )
        return "ov:f:" + hashlib.sha256(identity.encode()).hexdigest()

    def get(self, part, build):
        """The kept value of ``part``, or ``build()``'s (kept by ``save``)."""
        if part in self.found:
            return self.found[part]
        value = self.rendered[part] = build()
        return value

    def render(self, template_name, context):
        """A part's HTML: the template with the request (for page URLs) but without the
        context processors, which only the page around it needs."""
        return render_to_string(template_name, {**context, "request": self.request})

    def save(self):
        if not self.seconds or not self.rendered:
            return
        entries = {
            self.keys[part]: {"versions": self.versions, "value": value}
            for part, value in self.rendered.items()
        }
        try:
            self.cache.set_many(entries, self.seconds)
        except Exception:
            logger.exception("overview: could not keep the rendered parts")


def kept_part(request, part, build, *, path=None, today=None):
    """One kept part of a page (see ``Fragments``): the kept value, or ``build()``'s, kept."""
    fragments = Fragments(request, today or timezone.localdate(), [part], path=path)
    value = fragments.get(part, build)
    fragments.save()
    return value


# --- what one render reads once ------------------------------------------------------------

_render_memo = contextvars.ContextVar("overview_render_memo", default=None)


@contextlib.contextmanager
def one_render():
    """While the view builds a page, ``once(key, compute)`` computes each key a single time:
    the sections, columns and gap facts of different apps share what they read (the view
    restrictions, the site roots, counts grouped once). Outside it, ``once`` just computes."""
    token = _render_memo.set({})
    try:
        yield
    finally:
        _render_memo.reset(token)


def once(key, compute):
    memo = _render_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def private_q():
    """``Q`` of the pages in view-restricted sections, what Wagtail's ``PageQuerySet.public()``
    excludes, with the restrictions read once per render."""
    from wagtail.models import Page

    return once("private_q", lambda: Page.objects.all().private_q())


def live_public(queryset):
    """``queryset.live().public()``, reading the view restrictions once per render."""
    return queryset.live().exclude(private_q())


# --- links ----------------------------------------------------------------------------------


def page_url_function():
    """A function giving a page's URL from its ``url_path``, reading Wagtail's site roots once
    (per render): ``Page.url`` without a request reads them (a cache round trip) for every
    page."""
    from wagtail.models import Site

    roots = once(
        "site_roots",
        lambda: sorted(Site.get_site_root_paths(), key=lambda r: len(r.root_path), reverse=True),
    )

    def url_for(url_path):
        for root in roots:
            if url_path.startswith(root.root_path):
                return "/" + url_path[len(root.root_path) :]
        return ""

    return url_for


def municipality_url(municipality):
    return reverse("municipality_overview", kwargs={"slug": municipality.slug})


def county_url(county):
    return reverse("county_overview", kwargs={"slug": county.slug})


# --- the county board -----------------------------------------------------------------------


@dataclass(frozen=True)
class BoardContact:
    name: str
    unit: str
    email: str
    phone: str
    website: str


def board_contact(county):
    """The county board's contact: the edited one if staff entered it, else the addresses
    every länsstyrelse has (lansstyrelsen.se/<län>, <län>@lansstyrelsen.se)."""
    from .overview_models import CountyBoardContact

    try:
        edited = county.board_contact
    except CountyBoardContact.DoesNotExist:
        edited = None
    default_name = _("County Administrative Board of %(county)s") % {"county": county.full_name}
    default_website = f"https://www.lansstyrelsen.se/{county.slug}/"
    default_email = f"{county.slug.replace('-', '')}@lansstyrelsen.se"
    if edited is None:
        return BoardContact(str(default_name), "", default_email, "", default_website)
    return BoardContact(
        edited.name or str(default_name),
        edited.unit,
        edited.email or default_email,
        edited.phone,
        edited.website or default_website,
    )
