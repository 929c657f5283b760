"""Saved searches ("Bevaka"): what each one matches, the double opt-in, the digest and the
personal-data hooks.

What a saved search matches is decided by the same code as the surface it was saved from: a
search from /sok/ asks the search app (``search_with_fallback``, so its visibility is exactly
search's), a followed list asks the list's own public queryset with the same filters as the
API. Items already seen are kept per saved search and version (``SavedSearchItem``), so running
the digest twice never sends an item twice, and an item changed since it was sent goes out
again once, marked as changed.

The digest runs each distinct query once per run, however many saved searches share it, and
records and sends in batches: one transaction, one look-up of what was seen per query and one
bulk insert per batch, over one SMTP connection for the whole run.

Never twice, at the cost of perhaps never: a batch's items are recorded (committed) before its
e-mails are sent. An e-mail that fails to send has its record taken back, so its items go out
next run. If the process dies between the commit and the sending, that batch's items stay
recorded as sent and are not sent; the list page still shows them. The opposite order could
send a whole batch twice after such a crash, which the issue rules out.
"""

import datetime
import logging
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.alerts import SavedSearch, SavedSearchItem
from portal.emails import absolute_url, subject_line
from portal.personal_data import verified_emails
from portal.text import single_line

logger = logging.getLogger(__name__)

CANDIDATES = 100  # newest matches looked at per saved search and run
MAX_ITEMS_PER_EMAIL = 50
BATCH = 250  # saved searches recorded in one transaction, then e-mailed
PERIODS = {
    SavedSearch.Frequency.DAILY: datetime.timedelta(hours=20),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=6, hours=20),
}


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    url: str
    detail: str = ""
    version: str = ""  # when the item last changed, as ``version_of`` writes it
    changed: bool = False  # sent before, changed since


def version_of(moment):
    """A time as fixed-width UTC text, so that comparing the text compares the times."""
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---- what a saved search matches ---------------------------------------------------------


def _params(scope, query):
    from agreements.api import agreement_params
    from events.api import event_params
    from partners.api import activity_params, organisation_params

    from .api import search_params

    factory = {
        SavedSearch.Scope.SEARCH: search_params,
        SavedSearch.Scope.AGREEMENTS: agreement_params,
        SavedSearch.Scope.ORGANISATIONS: organisation_params,
        SavedSearch.Scope.ACTIVITIES: activity_params,
        SavedSearch.Scope.EVENTS: event_params,
    }[scope]
    return factory(query)


def clean_query(scope, querystring):
    """``(pairs, params)``: the query cleaned into the site's vocabulary (junk dropped)."""
    query = QueryDict(mutable=True)
    # what is stored comes from the visitor: one line each, no control characters (PostgreSQL
    # refuses NUL in text and JSON)
    for name, values in QueryDict(querystring or "").lists():
        for value in values:
            if single_line(value):
                query.appendlist(single_line(name), single_line(value))
    for paging in ("sida", "page", "per_sida", "format"):
        query.pop(paging, None)
    params = _params(scope, query)
    return params.querystring_pairs(), params


def describe(scope, params):
    """A short Swedish description: "Kalender: Dalarnas län, online"."""
    parts = []
    if params.get("q"):
        parts.append(f"”{params.get('q')}”")
    for name, value in params.values.items():
        if name == "q":
            continue
        for item in value if isinstance(value, list) else [value]:
            parts.append(str(getattr(item, "name", item)))
    label = str(SavedSearch.Scope(scope).label)
    text = f"{label}: {', '.join(parts)}" if parts else str(label)
    return text[:300]


def matches(saved_search, limit=CANDIDATES):
    """The newest items matching a saved search, as ``Item``s, newest first."""
    params = _params(saved_search.scope, _querydict(saved_search.query))
    params.page, params.per_page = 1, limit
    return list(_matching_items(saved_search.scope, params, limit))


def _querydict(pairs):
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query


def _matching_items(scope, params, limit):
    from agreements.api import agreements
    from events.api import events
    from partners.api import activities, organisations

    from .api import search_query

    if scope == SavedSearch.Scope.SEARCH:
        from search.backends import search_with_fallback

        query = search_query(params)
        if not query.text:
            return
        query.sort, query.page, query.per_page = "date", 1, limit
        hits = search_with_fallback(query).hits
        versions = _hit_versions([hit.key for hit in hits])
        for hit in hits:
            yield Item(
                hit.key,
                hit.title,
                absolute_url(hit.url),
                _kind_label(hit.kind),
                versions.get(hit.key, ""),
            )
    elif scope == SavedSearch.Scope.AGREEMENTS:
        for page in agreements(params).order_by("-last_published_at", "-pk")[:limit]:
            yield Item(
                f"agreement:{page.pk}",
                page.title,
                _page_url(page),
                page.period_label,
                version_of(page.last_published_at),
            )
    elif scope == SavedSearch.Scope.EVENTS:
        for page in events(params).order_by("-last_published_at", "-pk")[:limit]:
            start = page.next_start
            when = timezone.localtime(start).strftime("%Y-%m-%d %H:%M") if start else ""
            yield Item(
                f"event:{page.pk}",
                page.title,
                _page_url(page),
                when,
                version_of(page.last_published_at),
            )
    elif scope == SavedSearch.Scope.ORGANISATIONS:
        for organisation in organisations(params).order_by("-updated_at", "-pk")[:limit]:
            yield Item(
                f"organisation:{organisation.pk}",
                organisation.name,
                absolute_url(organisation.get_absolute_url()),
                organisation.city,
                version_of(organisation.updated_at),
            )
    elif scope == SavedSearch.Scope.ACTIVITIES:
        for activity in (
            activities(params).select_related("organisation").order_by("-updated_at", "-pk")[:limit]
        ):
            yield Item(
                f"activity:{activity.pk}",
                activity.title,
                absolute_url(activity.get_absolute_url()),
                activity.organisation.name,
                version_of(activity.updated_at),
            )


def _hit_versions(keys):
    """When each search hit last changed ("page:42" → its last publication), one query per
    kind; documents are never changed in place, so they have none."""
    from wagtail.models import Page

    from partners.models import Activity, Organisation

    models = {"page": (Page, "last_published_at")}
    models |= {"organisation": (Organisation, "updated_at"), "activity": (Activity, "updated_at")}
    wanted = {}
    for key in keys:
        prefix, _sep, pk = key.partition(":")
        if prefix in models and pk.isdigit():
            wanted.setdefault(prefix, set()).add(int(pk))
    versions = {}
    for prefix, pks in wanted.items():
        model, field = models[prefix]
        for pk, moment in model.objects.filter(pk__in=pks).values_list("pk", field):
            versions[f"{prefix}:{pk}"] = version_of(moment)
    return versions


def _kind_label(kind):
    from search.labels import kind_label

    return kind_label(kind)


def _page_url(page):
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


# ---- links ---------------------------------------------------------------------------------


def confirm_url(saved_search):
    return absolute_url(reverse("opendata:alert_confirm", args=[saved_search.token]))


def manage_url(saved_search):
    return absolute_url(reverse("opendata:alert_manage", args=[saved_search.token]))


def unsubscribe_url(saved_search):
    return absolute_url(reverse("opendata:alert_unsubscribe", args=[saved_search.token]))


def list_url(saved_search):
    from .views import SCOPE_PATHS

    path = SCOPE_PATHS.get(saved_search.scope, "/sok/")
    query = urlencode([tuple(pair) for pair in saved_search.query])
    return absolute_url(path + (f"?{query}" if query else ""))


# ---- subscribing and confirming ------------------------------------------------------------


def send_confirmation(saved_search):
    """The double opt-in e-mail, sent in the background (partners' ``deliver`` task)."""
    from partners.emails import deliver

    context = {
        "saved_search": saved_search,
        "confirm_url": confirm_url(saved_search),
        "days": SavedSearch.UNCONFIRMED_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Confirm that you want to follow: %(label)s") % {"label": saved_search.label}
        body = render_to_string("alerts/email/confirm.txt", context)
    deliver.enqueue(subject_line(subject), body, [saved_search.email])


def confirm(saved_search, now=None):
    """Confirm and remember what already matches, so the first digest has only news."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
        if locked.confirmed_at is not None:
            return locked
        locked.confirmed_at = now
        locked.save(update_fields=["confirmed_at"])
        SavedSearchItem.objects.bulk_create(
            [
                SavedSearchItem(saved_search=locked, key=item.key, version=item.version)
                for item in matches(locked)
            ],
            ignore_conflicts=True,
        )
    return locked


def delete_unconfirmed(now=None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=SavedSearch.UNCONFIRMED_DAYS)
    deleted, _rows = SavedSearch.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


# ---- the digest ----------------------------------------------------------------------------


def due(now=None):
    now = now or timezone.now()
    condition = Q(last_sent_at__isnull=True)
    for frequency, period in PERIODS.items():
        condition |= Q(frequency=frequency, last_sent_at__lte=now - period)
    return SavedSearch.objects.filter(confirmed_at__isnull=False).filter(condition)


def _digest_text(saved_search, items):
    context = {
        "saved_search": saved_search,
        "items": items,
        "list_url": list_url(saved_search),
        "manage_url": manage_url(saved_search),
        "unsubscribe_url": unsubscribe_url(saved_search),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New for “%(label)s”") % {"label": saved_search.label}
        body = render_to_string("alerts/email/digest.txt", context)
    return subject_line(subject), body


def _digest_email(saved_search, subject, body, unsubscribe):
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[saved_search.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe button
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<bevakning.{settings.PORTAL_BASE_URL.split('//')[-1].split('/')[0]}>",
        },
    )


class _DigestWriter:
    """Digest e-mails for one batch. Saved searches sharing a query mostly get the same items,
    so the text is rendered once per (query, description, items) with a stand-in token, and
    each e-mail gets its own token put in."""

    STAND_IN = "tokenSTANDINtoken"

    def __init__(self):
        self.texts = {}
        self.unsubscribe = unsubscribe_url(SavedSearch(token=self.STAND_IN))

    def message(self, saved_search, items):
        key = (
            saved_search.scope,
            repr(saved_search.query),
            saved_search.label,
            tuple((item.key, item.version, item.changed) for item in items),
        )
        if key not in self.texts:
            stand_in = SavedSearch(
                scope=saved_search.scope,
                query=saved_search.query,
                label=saved_search.label,
                token=self.STAND_IN,
            )
            self.texts[key] = _digest_text(stand_in, items)
        subject, body = self.texts[key]
        token = saved_search.token
        return _digest_email(
            saved_search,
            subject,
            body.replace(self.STAND_IN, token),
            self.unsubscribe.replace(self.STAND_IN, token),
        )


def group_of(scope, query):
    """Saved searches with the same scope and the same pairs (in any order) match alike."""
    return scope, tuple(sorted((str(name), str(value)) for name, value in query))


def send_digests(now=None, progress=None):
    """Send every due saved search what is new or changed for it; returns ``(e-mails, items)``.

    Each distinct (scope, query) is run once per run; saved searches are handled in batches of
    ``BATCH`` grouped by query (see the module's docstring for what a crash costs)."""
    now = now or timezone.now()
    deleted = delete_unconfirmed(now)
    if deleted:
        logger.info("saved searches: deleted %s unconfirmed", deleted)
    rows = list(due(now).values_list("pk", "scope", "query"))
    rows.sort(key=lambda row: (group_of(row[1], row[2]), row[0]))
    cache = {}
    sent_emails = sent_items = 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.exception("saved searches: the mail server cannot be reached; nothing sent")
        return 0, 0
    try:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            groups = {}
            for pk, scope, query in batch:
                group = group_of(scope, query)
                if group not in cache:
                    cache[group] = _candidates(pk, scope, query)
                if cache[group]:
                    groups.setdefault(group, []).append(pk)
            emails, items = _deliver_batch(groups, cache, now, connection)
            sent_emails += emails
            sent_items += items
            if progress:
                progress(min(start + BATCH, len(rows)), len(rows))
    finally:
        connection.close()
    return sent_emails, sent_items


def _candidates(pk, scope, query):
    try:
        items = matches(SavedSearch(scope=scope, query=query))
    except Exception:
        logger.exception("saved search %s: could not run its query", pk)
        return []
    return list({item.key: item for item in reversed(items)}.values())[::-1]


def _deliver_batch(groups, cache, now, connection):
    """Record one batch's new and changed items in one transaction, then e-mail them."""
    if not groups:
        return 0, 0
    outgoing = []  # (saved search, its items)
    pks = [pk for members in groups.values() for pk in members]
    try:
        with transaction.atomic():
            # locked and checked again: another run may have sent these meanwhile
            locked = {
                saved_search.pk: saved_search
                for saved_search in due(now).select_for_update().filter(pk__in=pks)
            }
            records = []
            for group, members in groups.items():
                members = [pk for pk in members if pk in locked]
                candidates = cache[group]
                latest = _latest_versions(members, [item.key for item in candidates])
                for pk in members:
                    items = _news(candidates, latest.get(pk, {}))[:MAX_ITEMS_PER_EMAIL]
                    if items:
                        outgoing.append((locked[pk], items))
                        records += [
                            SavedSearchItem(
                                saved_search_id=pk, key=item.key, version=item.version, sent_at=now
                            )
                            for item in items
                        ]
            SavedSearchItem.objects.bulk_create(records, batch_size=1000)
            SavedSearch.objects.filter(pk__in=[s.pk for s, _items in outgoing]).update(
                last_sent_at=now
            )
    except Exception:
        # e.g. a concurrent run recorded some of these first (the unique constraint): nothing
        # of this batch is recorded or sent; the next run looks again
        logger.exception(
            "saved searches: a batch of %s was not recorded; next run retries", len(pks)
        )
        return 0, 0
    emails = items_sent = 0
    writer = _DigestWriter()
    for saved_search, items in outgoing:
        try:
            connection.send_messages([writer.message(saved_search, items)])
        except Exception:
            logger.exception(
                "saved search %s: digest not sent; it will be tried again", saved_search.pk
            )
            _take_back(saved_search, now)
            continue
        emails += 1
        items_sent += len(items)
    return emails, items_sent


def _latest_versions(pks, keys):
    """``{saved search: {key: newest version recorded}}`` for these keys, in one query."""
    latest = {}
    if not pks or not keys:
        return latest
    for pk, key, version in SavedSearchItem.objects.filter(
        saved_search_id__in=pks, key__in=keys
    ).values_list("saved_search_id", "key", "version"):
        seen = latest.setdefault(pk, {})
        if key not in seen or version > seen[key]:
            seen[key] = version
    return latest


def _news(candidates, seen):
    """The candidates never recorded, and those changed since the newest version recorded."""
    items = []
    for item in candidates:
        if item.key not in seen:
            items.append(item)
        elif item.version and item.version > seen[item.key]:
            items.append(replace(item, changed=True))
    return items


def _take_back(saved_search, now):
    """Undo the record of an e-mail that could not be sent, so the next run sends it."""
    with transaction.atomic():
        SavedSearchItem.objects.filter(saved_search_id=saved_search.pk, sent_at=now).delete()
        SavedSearch.objects.filter(pk=saved_search.pk, last_sent_at=now).update(
            last_sent_at=saved_search.last_sent_at
        )


def active_saved_searches(user):
    """The confirmed saved searches of the user's verified addresses, in one query."""
    from allauth.account.models import EmailAddress

    if not getattr(user, "is_authenticated", False):
        return SavedSearch.objects.none()
    addresses = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    return SavedSearch.objects.filter(email__in=addresses, confirmed_at__isnull=False)


# ---- personal data -------------------------------------------------------------------------


def _owned(user):
    emails = verified_emails(user)
    condition = Q(user=user) if getattr(user, "pk", None) else Q(pk__in=[])
    if emails:
        condition |= Q(email__in=emails)
    return SavedSearch.objects.filter(condition)


def export_saved_searches(user):
    return [
        {
            "email": s.email,
            "description": s.label,
            "followed": s.scope,
            "query": urlencode([tuple(pair) for pair in s.query]),
            "frequency": s.frequency,
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "last_sent_at": s.last_sent_at.isoformat() if s.last_sent_at else None,
        }
        for s in _owned(user).order_by("created_at")
    ]


def erase_saved_searches(user):
    owned = _owned(user)
    count = owned.count()
    owned.delete()
    return count
