"""Saved searches ("Bevaka"): what each one matches, the double opt-in, the digest and the
personal-data hooks.

What a saved search matches is decided by the same code as the surface it was saved from: a
search from /sok/ asks the search app (``search_with_fallback``, so its visibility is exactly
search's), a followed list asks the list's own public queryset with the same filters as the
API. Items already seen are kept per saved search (``SavedSearchItem``), so running the digest
twice never sends an item twice.
"""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
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
        for hit in search_with_fallback(query).hits:
            yield Item(hit.key, hit.title, absolute_url(hit.url), _kind_label(hit.kind))
    elif scope == SavedSearch.Scope.AGREEMENTS:
        for page in agreements(params).order_by("-last_published_at", "-pk")[:limit]:
            yield Item(f"agreement:{page.pk}", page.title, _page_url(page), page.period_label)
    elif scope == SavedSearch.Scope.EVENTS:
        for page in events(params).order_by("-last_published_at", "-pk")[:limit]:
            start = page.next_start
            when = timezone.localtime(start).strftime("%Y-%m-%d %H:%M") if start else ""
            yield Item(f"event:{page.pk}", page.title, _page_url(page), when)
    elif scope == SavedSearch.Scope.ORGANISATIONS:
        for organisation in organisations(params).order_by("-updated_at", "-pk")[:limit]:
            yield Item(
                f"organisation:{organisation.pk}",
                organisation.name,
                absolute_url(organisation.get_absolute_url()),
                organisation.city,
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
            )


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
            [SavedSearchItem(saved_search=locked, key=item.key) for item in matches(locked)],
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


def digest_message(saved_search, items):
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
    return EmailMessage(
        subject=subject_line(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[saved_search.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe button
            "List-Unsubscribe": f"<{unsubscribe_url(saved_search)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<bevakning.{settings.PORTAL_BASE_URL.split('//')[-1].split('/')[0]}>",
        },
    )


def send_digests(now=None, progress=None):
    """Send every due saved search what is new for it; returns ``(e-mails, items)``.

    Saved searches with the same query share one look-up per run. Each one is locked while its
    new items are recorded and its e-mail sent; if sending fails, the record is rolled back and
    the items go out with the next run."""
    now = now or timezone.now()
    deleted = delete_unconfirmed(now)
    if deleted:
        logger.info("saved searches: deleted %s unconfirmed", deleted)
    cache = {}
    sent_emails = sent_items = 0
    connection = get_connection()
    ids = list(due(now).order_by("pk").values_list("pk", "scope", "query"))
    for done, (pk, scope, query) in enumerate(ids, 1):
        group = (scope, repr(query))
        if group not in cache:
            probe = SavedSearch(scope=scope, query=query)
            try:
                cache[group] = matches(probe)
            except Exception:
                logger.exception("saved search %s: could not run its query", pk)
                cache[group] = []
        candidates = cache[group]
        if candidates:
            count = _deliver(pk, candidates, now, connection)
            if count:
                sent_emails += 1
                sent_items += count
        if progress and (done % 500 == 0 or done == len(ids)):
            progress(done, len(ids))
    return sent_emails, sent_items


def _deliver(pk, candidates, now, connection):
    keys = [item.key for item in candidates]
    seen = set(
        SavedSearchItem.objects.filter(saved_search_id=pk, key__in=keys).values_list(
            "key", flat=True
        )
    )
    new = [item for item in candidates if item.key not in seen][:MAX_ITEMS_PER_EMAIL]
    if not new:
        return 0
    try:
        with transaction.atomic():
            saved_search = (
                SavedSearch.objects.select_for_update()
                .filter(pk=pk, confirmed_at__isnull=False)
                .first()
            )
            if saved_search is None:
                return 0
            seen = set(
                SavedSearchItem.objects.filter(
                    saved_search_id=pk, key__in=[item.key for item in new]
                ).values_list("key", flat=True)
            )
            new = [item for item in new if item.key not in seen]
            if not new:
                return 0
            SavedSearchItem.objects.bulk_create(
                [SavedSearchItem(saved_search_id=pk, key=item.key, sent_at=now) for item in new]
            )
            SavedSearch.objects.filter(pk=pk).update(last_sent_at=now)
            connection.send_messages([digest_message(saved_search, new)])
    except Exception:
        logger.exception("saved search %s: digest not sent; it will be tried again", pk)
        return 0
    return len(new)


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
