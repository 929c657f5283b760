"""The site's one filter vocabulary (lan, kommun, typ, status, ar, malgrupp, sprak, amne, form,
fran, till, sida) read from a query string, for the API, the downloads, the feeds and saved
searches alike.

An unknown value is ignored with a notice, never an error: a subscribed feed must never break.
Only paging numbers that are not numbers are refused (400), since no page can be chosen for
them. The old parameter names (``county``, ``municipality``, ``type``…) are read as the new ones.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import County, Municipality, TargetGroup

ALIASES = {
    "county": "lan",
    "municipality": "kommun",
    "type": "typ",
    "kind": "typ",
    "year": "ar",
    "target_group": "malgrupp",
    "language": "sprak",
    "area": "amne",
    "tag": "amne",
    "page": "sida",
    "sort": "sortera",
}
# old values of a parameter, by its new name (agreement status was in English before)
OLD_VALUES = {"status": {"in_force": "galler", "upcoming": "kommande", "expired": "upphort"}}
MAX_VALUES = 10
MAX_QUERY_LENGTH = 200
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000

STATUS = {"galler": "in_force", "kommande": "upcoming", "upphort": "expired"}
FORMS = {"plats": "onsite", "online": "online", "hybrid": "hybrid"}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
SLUG = re.compile(r"^[-\w]{1,100}$")
TOPIC = re.compile(r"^[^\x00-\x1f]{1,100}$")


# content tied to no county ("Hela landet"): a lan value where the caller has such content
NATIONAL_SLUG = "hela-landet"


@dataclass(frozen=True)
class Nationwide:
    """The ``lan`` choice of content tied to no county; ``code`` is the caller's value for it."""

    code: str
    slug: str = NATIONAL_SLUG
    name: str = gettext_lazy("Whole country")


class BadRequest(ValueError):
    """A parameter no answer can be given for (the message says which and why)."""


class Params:
    """Cleaned filter values from ``query`` (a QueryDict), limited to ``allowed`` names.

    ``typ_choices`` maps the accepted ``typ`` values to what the endpoint filters on.
    Geography and target groups are looked up in at most one query each, only when asked for.
    """

    def __init__(self, query, allowed, typ_choices=None, national=None):
        self.allowed = set(allowed)
        self.national = national
        self.typ_choices = typ_choices or {}
        self.notices = []
        self.raw = {}
        for key in query:
            name = ALIASES.get(key, key)
            if name not in self.allowed and name not in {"sida", "per_sida"}:
                continue
            values = [v.strip() for v in query.getlist(key) if v and v.strip()]
            self.raw.setdefault(name, [])
            for value in values[:MAX_VALUES]:
                if value not in self.raw[name]:
                    self.raw[name].append(value)
        self.values = {}
        self._clean()

    # ---- cleaning ------------------------------------------------------------------------

    def _ignore(self, name, value):
        self.notices.append(
            _("The value “%(value)s” of “%(name)s” is not recognised and was ignored.")
            % {"value": value[:60], "name": name}
        )

    def _clean(self):
        self.page = self._number("sida", 1, MAX_PAGE)
        self.per_page = self._number("per_sida", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        raw = self.raw
        if raw.get("q"):
            self.values["q"] = " ".join(raw["q"][0].split())[:MAX_QUERY_LENGTH]
        if raw.get("lan"):
            extra = {NATIONAL_SLUG: Nationwide(self.national)} if self.national else {}
            self._lookup("lan", County.objects.all(), ("slug", "code"), extra)
        if raw.get("kommun"):
            self._lookup("kommun", Municipality.objects.select_related("county"), ("slug", "code"))
        if raw.get("malgrupp"):
            self._lookup("malgrupp", TargetGroup.objects.all(), ("slug",))
        for name, mapping in (("typ", self.typ_choices), ("status", STATUS), ("form", FORMS)):
            chosen = []
            for value in raw.get(name, []):
                key = value.lower()
                if key in mapping:
                    if mapping[key] not in chosen:
                        chosen.append(mapping[key])
                else:
                    self._ignore(name, value)
            if chosen:
                self.values[name] = chosen
        years = []
        for value in raw.get("ar", []):
            if value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100:
                years.append(int(value))
            else:
                self._ignore("ar", value)
        if years:
            self.values["ar"] = years
        for name, pattern in (("sprak", LANGUAGE_CODE), ("amne", TOPIC)):
            kept = []
            for value in raw.get(name, []):
                value = value.lower() if name == "sprak" else value
                if pattern.match(value):
                    kept.append(value)
                else:
                    self._ignore(name, value)
            if kept:
                self.values[name] = kept
        for name in ("fran", "till"):
            values = raw.get(name, [])
            if values:
                try:
                    self.values[name] = datetime.date.fromisoformat(values[0])
                except ValueError:
                    self._ignore(name, values[0])

    def _number(self, name, default, maximum):
        values = self.raw.get(name)
        if not values:
            return default
        value = values[0]
        if not value.isdigit() or int(value) < 1:
            raise BadRequest(
                _("“%(name)s” must be a whole number from 1 up, not “%(value)s”.")
                % {"name": name, "value": value[:60]}
            )
        return min(int(value), maximum)

    def _lookup(self, name, queryset, fields, extra=None):
        wanted = self.raw[name]
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__in": wanted})
        found = list(queryset.filter(condition))
        by_value = dict(extra or {})
        for obj in found:
            for field in fields:
                by_value[str(getattr(obj, field))] = obj
        chosen = []
        for value in wanted:
            obj = by_value.get(value)
            if obj is None:
                self._ignore(name, value)
            elif obj not in chosen:
                chosen.append(obj)
        if chosen:
            self.values[name] = chosen

    # ---- reading -------------------------------------------------------------------------

    def get(self, name, default=None):
        return self.values.get(name, default)

    def __contains__(self, name):
        return name in self.values

    def querystring_pairs(self):
        """The cleaned filters as (name, value) pairs in the site's vocabulary."""
        reverse = {
            "typ": {v: k for k, v in self.typ_choices.items()},
            "status": {v: k for k, v in STATUS.items()},
            "form": {v: k for k, v in FORMS.items()},
        }
        pairs = []
        for name, value in self.values.items():
            for item in value if isinstance(value, list) else [value]:
                if hasattr(item, "slug"):
                    item = item.slug
                elif isinstance(item, datetime.date):
                    item = item.isoformat()
                elif name in reverse:
                    item = reverse[name].get(item, item)
                pairs.append((name, str(item)))
        return pairs


def legacy_redirect(request, renames=None, values=None):
    """A permanent redirect to the same path in the site's vocabulary, or None.

    ``renames`` maps old parameter names to new ones (default ``ALIASES``); ``values`` maps a
    new name to ``{old value: new value}`` or to a function of the old value (returning None
    keeps it). Shared links and subscribed feeds with the old names keep working, and the
    address people see (and bookmark) is the new one. Only GET and HEAD are redirected.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    renames = ALIASES if renames is None else renames
    values = {**OLD_VALUES, **(values or {})}
    pairs, changed = [], False
    for key, items in request.GET.lists():
        name = renames.get(key, key)
        changed |= name != key
        translate = values.get(name)
        for value in items:
            new = value
            if isinstance(translate, dict):
                new = translate.get(value, value)
            elif callable(translate):
                new = translate(value) or value
            changed |= new != value
            pairs.append((name, new))
    if not changed:
        return None
    query = urlencode(pairs)
    return HttpResponsePermanentRedirect(f"{request.path}?{query}" if query else request.path)
