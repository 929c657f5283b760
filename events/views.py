"""Public views of the calendar and events, and the organisations' proposal pages."""

import calendar as pycalendar
import datetime
import hashlib
from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from portal.emails import absolute_url
from portal.opendata.params import ALIASES, FORMS, legacy_redirect
from portal.page_cache import depends_on
from portal.pagination import paginate
from portal.ratelimit import allow

from . import queries
from .app_settings import anonymise_after_days
from .cache_purge import event_tag
from .emails import event_url
from .forms import CalendarFilterForm, SignupForm, used_topics
from .ics import build_calendar, feed_calendar
from .models import CalendarIndexPage, EventFormat, Signup
from .models.event import STOCKHOLM as STOCKHOLM_TZ
from .services import SignupRefused, has_started, sign_up
from .services import cancel_signup as cancel_signup_service
from .templatetags.events_tags import month_grid_body

FILTER_KEYS = ("lan", "kommun", "amne", "malgrupp", "form", "fran", "till")
PER_PAGE = 25
# the calendar's old words: ?format=onsite&page=2 is now ?form=plats&sida=2
OLD_NAMES = {**ALIASES, "format": "form"}
OLD_VALUES = {"form": {value: word for word, value in FORMS.items()}}


def _legacy(request):
    """A 301 to the same address in the site's vocabulary, or None when it already is."""
    return legacy_redirect(request, renames=OLD_NAMES, values=OLD_VALUES)


def _filter_params(request, skip=()):
    """The calendar filters present in the URL, as (key, value) pairs in a fixed order."""
    return [
        (key, request.GET[key])
        for key in FILTER_KEYS
        if key not in skip and request.GET.get(key, "").strip()
    ]


def _filter_form(request, calendar_page, base, scope, version=None):
    """The filters that apply, the form that checked them (its errors say which values were
    left out) and the filter component's HTML. A value that is not (or no longer) available,
    e.g. a deleted topic, is left out with a message and the rest apply. The component, with
    its counted options (290 municipalities), is kept like the counts: built only when the
    calendar's content changed or for a new filter set."""
    data = dict(_filter_params(request))
    topics = queries.cached_used_topics(version)
    checked = CalendarFilterForm(data, topics=topics)
    checked.is_valid()  # fields with errors are left out of the filters, the rest still apply
    filters = checked.active_filters()
    dropped = _dropped(checked)
    links = _calendar_links(request, calendar_page, dropped)

    def render_component():
        form = CalendarFilterForm(
            data or None,
            counts=queries.cached_facet_counts(base, filters, scope, version),
            topics=topics,
        )
        if data:
            form.is_valid()
        return render_to_string(
            "events/includes/filters.html",
            {
                "filter_form": form,
                "form_action": request.path,
                "has_filters": bool(filters),
                **links,
            },
        )

    html = queries.cached(
        "filters",
        (scope, request.path, links["webcal_url"], get_language()),
        data,
        render_component,
        version,
    )
    return filters, mark_safe(html), links, dropped


def _dropped(form):
    """The filter keys whose values were left out: links and feeds do not carry them on."""
    return tuple(key for key in FILTER_KEYS if form.is_bound and key in form.errors)


def _querystring(request, skip=()):
    return urlencode(_filter_params(request, skip=skip))


def _calendar_links(request, calendar_page, skip=()):
    base = calendar_page.get_url(request)
    query = _querystring(request, skip)
    feed = base + "kalender.ics" + (f"?{query}" if query else "")
    absolute_feed = request.build_absolute_uri(feed)
    webcal = "webcal://" + absolute_feed.split("://", 1)[1]
    return {"feed_url": feed, "webcal_url": webcal, "filter_query": query, "calendar_url": base}


def _month_groups(occurrence_list):
    def month_of(occurrence):
        return occurrence.local_start.date().replace(day=1)

    return [(month, list(items)) for month, items in groupby(occurrence_list, key=month_of)]


def calendar_list(request, calendar_page, archive):
    if old := _legacy(request):
        return old
    now = timezone.now()
    listed = queries.occurrences_for_list()
    base = queries.past(listed, now=now) if archive else queries.upcoming(listed, now=now)
    scope = "archive" if archive else "upcoming"
    version = queries.content_version()  # read once for every kept value of this page
    filters, filters_html, links, _dropped_keys = _filter_form(
        request, calendar_page, base, scope, version
    )
    results = queries.apply_filters(base, filters)
    page_obj = paginate(
        request, results, PER_PAGE, count=queries.cached_count(results, filters, scope, version)
    )
    # which events the page shows, then (once the page cache has noted them: a new title of one
    # purges this page) what it shows of them
    shown = list(page_obj.object_list.values_list("pk", "page_id"))
    depends_on(request, [event_tag(page_id) for page_id in {row[1] for row in shown}])
    rows = {row.pk: row for row in queries.list_rows_of([pk for pk, _page in shown])}
    today = timezone.localdate()
    context = {
        "filters_html": filters_html,
        "page_obj": page_obj,
        "month_groups": _month_groups([rows[pk] for pk, _page in shown if pk in rows]),
        "archive": archive,
        "has_filters": bool(filters),
        "this_month_url": f"{calendar_page.get_url(request)}manad/{today.year}/{today.month}/",
        **links,
    }
    return calendar_page.render(
        request, template="events/calendar_index_page.html", context_overrides=context
    )


def calendar_month_redirect(request, calendar_page):
    if old := _legacy(request):
        return old
    today = timezone.localdate()
    url = f"{calendar_page.get_url(request)}manad/{today.year}/{today.month}/"
    query = _querystring(request)
    return redirect(url + (f"?{query}" if query else ""))


# A day in the month grid lists this many events; a busier day links to its list instead.
MONTH_CELL_LIMIT = 4


def _month_weeks(occurrences, year, month, base_url, other_filters):
    """The month's weeks, Monday first, each day with up to MONTH_CELL_LIMIT of its
    occurrences and, on a busier day, a link to that day in the list with the same filters."""
    by_day = {}
    for occurrence in occurrences:
        for day in occurrence.local_dates():
            by_day.setdefault(day, []).append(occurrence)

    def cell(day):
        shown = by_day.get(day, [])
        hidden = max(len(shown) - MONTH_CELL_LIMIT, 0)
        day_query = [*other_filters, ("fran", day.isoformat()), ("till", day.isoformat())]
        return {
            "date": day,
            "in_month": day.month == month,
            "occurrences": shown[:MONTH_CELL_LIMIT],
            "more": hidden,
            "day_url": f"{base_url}?{urlencode(day_query)}" if hidden else "",
        }

    calendar = pycalendar.Calendar(firstweekday=0)
    return [[cell(day) for day in week] for week in calendar.monthdatescalendar(year, month)]


def calendar_month(request, calendar_page, year, month):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404(_("There is no such month in the calendar."))
    if old := _legacy(request):
        return old
    first = datetime.date(year, month, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=STOCKHOLM_TZ)
    end = datetime.datetime.combine(following, datetime.time.min, tzinfo=STOCKHOLM_TZ)
    base = (
        queries.occurrences_for_grid().filter(start__lt=end, end__gt=start).order_by("start", "pk")
    )
    version = queries.content_version()
    filters, filters_html, links, dropped = _filter_form(
        request, calendar_page, base, f"month-{year}-{month}", version
    )
    base_url = links["calendar_url"]
    other_filters = _filter_params(request, skip=("fran", "till", *dropped))
    today = timezone.localdate()

    def grid():
        """The grid's rows and the month's number of occasions: kept under the calendar's
        content version, so any change to an event shows at once."""
        month_occurrences = queries.grid_rows(queries.apply_filters(base, filters))
        weeks = _month_weeks(month_occurrences, year, month, base_url, other_filters)
        return month_grid_body(weeks, base_url, today), len(month_occurrences)

    scope = (
        year,
        month,
        queries.month_version(year, month),
        get_language(),
        today.isoformat(),
        base_url,
        other_filters,
    )
    grid_body, occurrence_count = queries.cached("month-grid", scope, filters, grid, version)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    query = _querystring(request, dropped)
    suffix = f"?{query}" if query else ""
    context = {
        "filters_html": filters_html,
        "has_filters": bool(filters),
        "month": first,
        "grid_body": grid_body,
        "occurrence_count": occurrence_count,
        "today": today,
        "previous_url": f"{base_url}manad/{previous.year}/{previous.month}/{suffix}"
        if previous.year >= 2000
        else "",
        "next_url": f"{base_url}manad/{following.year}/{following.month}/{suffix}"
        if following.year <= 2100
        else "",
        **links,
    }
    return calendar_page.render(
        request, template="events/calendar_month.html", context_overrides=context
    )


def _page_url_builder(request, calendar_page):
    """Event links in feeds point at the portal's public base URL, whatever Host was asked."""
    parts = calendar_page.get_url_parts(request)
    base = absolute_url(parts[2]) if parts else request.build_absolute_uri("/")

    def url_for(page):
        return f"{base}{page.slug}/"

    return url_for


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed_name(calendar_page, filters, topics=()):
    """The calendar's name in calendar programs, saying its filters:
    "Samverkansportalen – kalender – Dalarna, online"."""
    topic_names = dict(topics)
    labels = []
    for key in ("lan", "kommun", "amne", "malgrupp"):
        value = filters.get(key)
        if value:
            labels.append(topic_names.get(value, value) if key == "amne" else value.name)
    if filters.get("form"):
        labels.append(str(EventFormat(filters["form"]).label))
    if filters.get("fran"):
        labels.append(_("from %(date)s") % {"date": filters["fran"].isoformat()})
    if filters.get("till"):
        labels.append(_("until %(date)s") % {"date": filters["till"].isoformat()})
    parts = [settings.WAGTAIL_SITE_NAME, calendar_page.title.lower()]
    if labels:
        parts.append(", ".join(labels))
    return " – ".join(parts)


def _feed_key(filters):
    return sorted((key, str(getattr(value, "pk", value))) for key, value in filters.items())


def feed_response(request, build, key_parts, last_modified, filename):
    """A feed with ETag and Last-Modified (304 when the client has it), cached in Django's
    default cache (Redis or the database cache in production) under a key that holds the
    database's version of the content, so a publish in any process is seen by all at once."""
    cache_seconds = settings.EVENTS_FEED_CACHE_SECONDS if key_parts is not None else 0
    cache_key = "events:feed:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    cached = cache.get(cache_key) if cache_seconds else None
    if cached is None:
        content = build()
        cached = (content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"')
        if cache_seconds:
            cache.set(cache_key, cached, cache_seconds)
    content, etag = cached
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = _ics_response(content, filename)
    response["ETag"] = etag
    if timestamp:
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def calendar_feed(request, calendar_page):
    """The public feed. Filters that are not (or no longer) valid are left out silently: a
    subscribed calendar must never break because a topic was deleted. Old parameter names
    answer 301 to the same feed in the site's vocabulary (calendar programs follow it)."""
    if old := _legacy(request):
        return old
    topics = used_topics()
    form = CalendarFilterForm(dict(_filter_params(request)), topics=topics)
    form.is_valid()
    filters = form.active_filters()
    version, last_modified = queries.feed_version(calendar_page)
    return feed_response(
        request,
        lambda: _build_feed(request, calendar_page, filters, topics),
        (version, calendar_page.pk, _feed_key(filters)),
        last_modified,
        "kalender.ics",
    )


def _build_feed(request, calendar_page, filters, topics=()):
    since = timezone.now() - datetime.timedelta(days=settings.EVENTS_FEED_PAST_DAYS)
    results = queries.apply_filters(
        queries.public_occurrences().filter(end__gte=since).order_by("start", "pk"), filters
    )[: settings.EVENTS_FEED_MAX_ITEMS]
    occurrence_ids, pages = queries.feed_rows(results)
    return feed_calendar(
        occurrence_ids,
        pages,
        name=feed_name(calendar_page, filters, topics),
        url_for=_page_url_builder(request, calendar_page),
        subscription=True,
    )


# --- event pages ------------------------------------------------------------------------


TOO_MANY_SIGNUPS = gettext_lazy(
    "Too many sign-ups have been sent from here or for this e-mail address in a short time. "
    "Nothing was saved. Wait an hour and try again, or contact the organiser."
)


def _signed_up_text(signup):
    """The same words for a new sign-up and for an address already signed up (its owner gets an
    e-mail instead), so the form never tells who attends."""
    if signup.status == Signup.Status.CONFIRMED:
        return _(
            "Thank you, %(name)s! Your place is confirmed. We have sent a "
            "confirmation to %(email)s with a link to cancel."
        ) % {"name": signup.name, "email": signup.email}
    return _(
        "The event is full, so you are on the waiting list. We will e-mail "
        "%(email)s if a place becomes free."
    ) % {"email": signup.email}


def _done_key(page):
    return f"events:signed-up:{page.pk}"


def event_page(request, page):
    closed_reason = page.signup_closed_reason() if page.signup_enabled else None
    form = None
    rate_limited = False
    if page.signup_enabled and not closed_reason:
        form = SignupForm(
            request.POST if request.method == "POST" else None,
            retention_days=anonymise_after_days(),
            questions=page.questions.all(),
        )
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if not allow(request, "event_signup", key=email):
                form.add_error(None, TOO_MANY_SIGNUPS)
                rate_limited = True
            else:
                try:
                    signup = sign_up(
                        page,
                        name=form.cleaned_data["name"],
                        email=email,
                        employer=form.cleaned_data["employer"],
                        municipality=form.cleaned_data["municipality"],
                        needs=form.cleaned_data["needs"],
                        answers=form.answers(),
                        user=request.user,
                    )
                except SignupRefused as refused:
                    form.add_error(refused.field, refused.message)
                else:
                    # shown once, where the form was, on the page the redirect opens
                    request.session[_done_key(page)] = _signed_up_text(signup)
                    return redirect(page.get_url(request) + "#anmalan-bekraftelse")
    elif request.method == "POST" and page.signup_enabled:
        messages.error(request, closed_reason)
    # only a visitor with a session can have just signed up: others' pages stay cacheable
    signup_done = (
        request.session.pop(_done_key(page), None)
        if request.method == "GET" and settings.SESSION_COOKIE_NAME in request.COOKIES
        else None
    )
    if signup_done and not request.session.keys():
        # nothing else in it: drop the session (and its cookie), so the visitor's next pages
        # come from the page cache again instead of being rendered for them alone
        request.session.flush()
    counts = None
    if page.signup_enabled and not page.is_cancelled and not signup_done:
        confirmed = page.signups.confirmed().count()
        counts = {
            "confirmed": confirmed,
            "free": None if page.capacity is None else max(page.capacity - confirmed, 0),
        }
    response = page.render(
        request,
        template="events/event_page.html",
        context_overrides={
            "signup_form": None if signup_done else form,
            "signup_done": signup_done,
            "signup_closed_reason": closed_reason,
            "places": counts,
            "ics_url": page.get_url(request) + "ics/",
            "retention_days": anonymise_after_days(),
        },
    )
    if rate_limited:
        response.status_code = 429
    return response


def event_ics(request, page):
    calendar_page = page.get_parent().specific
    content = build_calendar(
        page.occurrence_list,
        name=page.title,
        url_for=_page_url_builder(request, calendar_page),
    )
    return _ics_response(content, f"{page.slug}.ics")


def cancel_signup(request, page, token):
    """The link in the e-mail: GET asks for confirmation (so link scanners cancel nothing),
    POST cancels. Forged links get 400, used ones a clear message."""
    signup, problem, status = None, None, 200
    try:
        signup = Signup.from_token(token)
    except (signing.BadSignature, Signup.DoesNotExist):
        problem, status = (
            _(
                "The cancellation link is not valid. Copy the whole link from the e-mail, or "
                "contact the organiser."
            ),
            400,
        )
    if signup is not None and signup.event_id != page.pk:
        signup, problem, status = None, _("The cancellation link is not valid."), 400
    if signup is not None and (
        signup.status == Signup.Status.CANCELLED or signup.anonymised_at is not None
    ):
        signup, problem = None, _("This sign-up has already been cancelled.")
    done = False
    if signup is not None and request.method == "POST":
        try:
            cancel_signup_service(signup.pk)
        except SignupRefused as refused:
            problem = refused.message
        else:
            done = True
    response = page.render(
        request,
        template="events/cancel_signup.html",
        context_overrides={
            "signup": signup,
            "problem": problem,
            "done": done,
            "has_started": signup is not None and has_started(page),
            "certificate_url": f"{page.get_url(request)}intyg/{token}/"
            if signup is not None and not done and signup.attended_every_session()
            else "",
        },
    )
    response.status_code = status
    return response


def certificate(request, page, token):
    """A certificate of attendance, printable from the browser (print CSS), for a participant
    whom staff marked present at every session. The signed link in the e-mail is the key."""
    try:
        signup = Signup.from_token(token)
    except (signing.BadSignature, Signup.DoesNotExist):
        signup = None
    if signup is None or signup.event_id != page.pk or not signup.attended_every_session():
        raise Http404(_("There is no certificate of attendance here."))
    sessions = page.held_sessions
    response = page.render(
        request,
        template="events/certificate.html",
        context_overrides={
            "signup": signup,
            "sessions": sessions,
            "hours": _attended_hours(sessions),
            "issued": timezone.localdate(),
        },
    )
    patch_cache_control(response, private=True, no_store=True)  # a name: never in a cache
    return response


def _attended_hours(sessions):
    seconds = sum(
        (occurrence.end - occurrence.start).total_seconds()
        for occurrence in sessions
        if not occurrence.all_day
    )
    return round(seconds / 3600, 1) if seconds else None


# --- a person's own calendar ----------------------------------------------------------------


def my_signups(user):
    """The account's sign-ups that are not cancelled, for live events, soonest first."""
    from .personal_data import signups_of

    return (
        signups_of(user)
        .active()
        .filter(event__live=True)
        .select_related("event", "event__ical_state")
        .prefetch_related("event__occurrences")
        .annotate(first_start=Min("event__occurrences__start"))
        .order_by("first_start", "pk")
    )


@login_required
def my_calendar(request):
    """Mina sidor: my sign-ups, and the secret address of my calendar (made, renewed or turned
    off here; a new address revokes the old one)."""
    from .models import PersonalCalendar

    personal = PersonalCalendar.objects.filter(user=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and personal is None:
            PersonalCalendar.for_user(request.user)
            messages.success(request, _("Your calendar address has been created."))
        elif action == "renew" and personal is not None:
            personal.renew()
            messages.success(
                request,
                _("Your calendar has a new address. The old one no longer works: subscribe again."),
            )
        elif action == "delete" and personal is not None:
            personal.delete()
            messages.success(request, _("Your calendar address has been turned off."))
        return redirect("events:my_calendar")
    now = timezone.now()
    signups = list(my_signups(request.user))
    feed_url = webcal_url = ""
    if personal is not None:
        feed_url = absolute_url(reverse("events:personal_feed", args=[personal.token]))
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    return render(
        request,
        "events/my_calendar.html",
        {
            "upcoming": [s for s in signups if _last_end(s.event) >= now],
            "past": [s for s in signups if _last_end(s.event) < now],
            "personal": personal,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
        },
    )


def _last_end(event):
    occurrences = event.occurrence_list
    return occurrences[-1].end if occurrences else timezone.now()


def personal_feed(request, token):
    """The sign-ups of the account the token belongs to: confirmed places, with the meeting
    links (they are the participant's own). No cache: it is small and private."""
    from .models import PersonalCalendar

    personal = PersonalCalendar.objects.select_related("user").filter(token=token).first()
    if personal is None or not personal.user.is_active:
        raise Http404(_("There is no calendar at this address. It may have been renewed."))
    since = timezone.now() - datetime.timedelta(days=settings.EVENTS_FEED_PAST_DAYS)
    signups = list(my_signups(personal.user).filter(status=Signup.Status.CONFIRMED))
    occurrences = [
        occurrence
        for signup in signups
        for occurrence in signup.event.occurrence_list
        if occurrence.end >= since
    ]

    def build():
        return build_calendar(
            occurrences,
            name=f"{settings.WAGTAIL_SITE_NAME} – " + _("my events"),
            url_for=event_url,
            for_participants=True,
            subscription=True,
        )

    # ETag only: a cancelled sign-up leaves no later time to compare with If-Modified-Since
    response = feed_response(request, build, None, None, "mina-evenemang.ics")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- proposals from organisations -------------------------------------------------------


@login_required
def my_proposals(request):
    from .proposals import proposals_for, verified_organisations

    organisations = verified_organisations(request.user)
    return render(
        request,
        "events/my_proposals.html",
        {
            "organisations": organisations,
            "proposals": proposals_for(request.user),
        },
    )


TOO_MANY_PROPOSALS = gettext_lazy(
    "Too many proposals have been sent from here in a short time. Nothing was saved. "
    "Wait an hour and try again."
)


@login_required
def new_proposal(request):
    from .forms import ProposalForm
    from .proposals import create_proposal, find_calendar, verified_organisations

    organisations = verified_organisations(request.user)
    calendar_page = find_calendar()
    if not organisations.exists() or calendar_page is None:
        return render(
            request,
            "events/my_proposals.html",
            {"organisations": organisations, "proposals": [], "cannot_propose": True},
            status=403 if calendar_page is not None else 404,
        )
    form = ProposalForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        if not allow(request, "event_proposal"):
            form.add_error(None, TOO_MANY_PROPOSALS)
            return render(request, "events/proposal_form.html", {"form": form}, status=429)
        create_proposal(request.user, calendar_page, form.cleaned_data, form.topic_list())
        messages.success(
            request,
            _(
                "Thank you! Your proposal has been sent to the county board for review. "
                "It is published in the calendar once it has been approved."
            ),
        )
        return redirect("events:my_proposals")
    return render(request, "events/proposal_form.html", {"form": form})


def calendar_feed_by_path(request, calendar_path):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    calendar_page = (
        CalendarIndexPage.objects.live()
        .public()
        .filter(url_path=site.root_page.url_path + calendar_path)
        .first()
    )
    if calendar_page is None:
        raise Http404(_("There is no calendar here."))
    return calendar_feed(request, calendar_page)
