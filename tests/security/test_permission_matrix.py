"""Who may open what: a permission matrix generated from the URL configuration (issue 11a).

Every named URL pattern outside the Wagtail admin, and every route of a routable Wagtail page,
is collected from the running configuration. ``RULES`` says, for each of them, what each persona
must get. A new view without a rule fails ``test_every_url_has_a_rule`` with its name, so access
is decided when the view is written, not after an audit.

Outcomes: OK (200), LOGIN (redirect to allauth's /konto/login/), DENY (403 or 404: someone
else's object is not theirs to see), REDIRECT (a redirect elsewhere, e.g. an already logged-in
visitor sent on from the sign-up page), NOT_ALLOWED (405: the view answers only POST).
"""

import json

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

import pytest

from .summary import REPORT
from .world import (
    LOGIN_DOORS,
    PASSWORD,
    PERSONAS,
    logged_in_user_id,
    login_as,
    make_user,
    try_every_login_door,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, DENY, REDIRECT, NOT_ALLOWED = "OK", "LOGIN", "DENY", "REDIRECT", "NOT_ALLOWED"
DESCRIBE = {
    OK: "200",
    LOGIN: "a redirect to allauth's /konto/login/",
    DENY: "403 or 404",
    REDIRECT: "a redirect (not to a login page)",
    NOT_ALLOWED: "405",
}
ALLAUTH_LOGIN = "/konto/login/"

# Skipped, with the reason: nothing else is left out.
SKIPPED_PREFIXES = {
    "admin/": "the Wagtail admin has its own permission system (tested in tests/*/test_admin.py)",
    "static/": "static files",
    "media/": "uploaded files served by the web server in production",
}
# Admin routes the matrix covers all the same: the county and municipality choosers, open to
# everyone with admin access (portal/admin_geography.py).
GEOGRAPHY_CHOOSERS = ("wagtailsnippetchoosers_portal_municipality", "county_chooser")
ADMIN_NAMES = {
    f"{chooser}:{view}"
    for chooser in GEOGRAPHY_CHOOSERS
    for view in ("choose", "choose_results", "chosen")
}
SKIPPED_NAMES = {
    "wagtail_serve": "Wagtail's catch-all page route: routable pages' routes are collected "
    "below, and restricted pages are covered in test_hidden_items.py",
}


# --- the routes ---------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not pattern.name:
                yield "/" + route, route  # an unnamed route is known by its path
            else:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route


def url_routes():
    """{name: route} for every URL pattern the matrix covers."""
    routes, seen = {}, set()
    for name, route in _walk(get_resolver().url_patterns):
        if route in seen:
            continue  # shadowed by an earlier pattern with the same route: never reached
        seen.add(route)
        bare = route.lstrip("^")
        if name not in ADMIN_NAMES and any(bare.startswith(p) for p in SKIPPED_PREFIXES):
            continue
        if name in SKIPPED_NAMES:
            continue
        routes[name] = route
    return routes


def page_routes():
    """{"page:<app>.<Model>:<route name>": route} for every routable page type."""
    routes = {}
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin) and not model._meta.abstract:
            patterns = model.get_subpage_urls()
            for pattern in patterns:
                shadowed = pattern.name == "index_route" and any(
                    str(other.pattern) == str(pattern.pattern) and other is not pattern
                    for other in patterns
                )
                if not shadowed:
                    routes[f"page:{model._meta.label}:{pattern.name}"] = str(pattern.pattern)
    return routes


ROUTES = {**url_routes(), **page_routes()}


# --- the rules ----------------------------------------------------------------------------


def everyone(outcome):
    return {persona: outcome for persona in PERSONAS}


def signed_in(outcome=OK, **overrides):
    """Anonymous and unverified visitors go to the login; every verified account gets
    ``outcome`` unless overridden."""
    rule = {persona: outcome for persona in PERSONAS}
    rule.update(anonymous=LOGIN, unverified=LOGIN)
    rule.update(overrides)
    return rule


def members_of_a(member=OK, owner=OK):
    """Org A's management pages: only its members; others get 403/404, never a glimpse."""
    return signed_in(DENY, member_a=member, owner_a=owner)


def admin_access():
    """Wagtail's admin: people with admin access (the reviewer's groups, the superuser); the
    rest, staff flag or not, are sent to the login."""
    return {**everyone(LOGIN), "reviewer": OK, "superuser": OK}


def not_signed_in(anonymous=OK, signed=REDIRECT):
    rule = {persona: signed for persona in PERSONAS}
    rule.update(anonymous=anonymous, unverified=anonymous)
    return rule


class Rule:
    def __init__(self, expect, method="get", data=None):
        assert set(expect) == set(PERSONAS), f"a rule must name every persona: {sorted(expect)}"
        self.expect, self.method, self.data = expect, method, data or {}


RULES = {
    # site core
    "javascript-catalog": Rule(everyone(OK)),
    "robots_txt": Rule(everyone(OK)),
    "sitemap": Rule(everyone(OK)),
    "designsystem": Rule(everyone(OK)),
    "municipality_index": Rule(everyone(OK)),
    "municipality_overview": Rule(everyone(OK)),
    "county_index": Rule(everyone(OK)),
    "county_overview": Rule(everyone(OK)),
    "set_language": Rule(everyone(REDIRECT), "post", {"language": "en", "next": "/"}),
    # documents: served to all, the password form shown to all
    "wagtaildocs_serve": Rule(everyone(OK)),
    "wagtaildocs_authenticate_with_password": Rule(everyone(OK)),
    "wagtailcore_authenticate_with_password": Rule(everyone(OK)),
    # one way in: Wagtail's own front-end login form must hand over to allauth
    "/_util/login/": Rule(everyone(LOGIN)),
    # allauth
    "account_login": Rule(not_signed_in()),
    "account_logout": Rule(not_signed_in(anonymous=REDIRECT, signed=OK)),
    "account_inactive": Rule(everyone(OK)),
    "account_signup": Rule(not_signed_in()),
    "account_reauthenticate": Rule(signed_in()),
    # reauthentication by a mailed code (allauth 65.22): a signed-in account may ask for a code
    # to its own address; without one, the confirm page sends it back to the request
    "account_request_reauthentication_code": Rule(signed_in()),
    "account_confirm_reauthentication_code": Rule(signed_in(REDIRECT)),
    "account_email": Rule(signed_in()),
    "account_email_verification_sent": Rule(everyone(OK)),
    "account_change_password": Rule(signed_in()),
    "account_set_password": Rule(signed_in(REDIRECT)),
    "account_reset_password": Rule(not_signed_in(signed=OK)),
    # login by code is off: allauth sends everyone back where they came from
    "account_confirm_login_code": Rule(not_signed_in(anonymous=LOGIN)),
    "account_confirm_email": Rule(everyone(OK)),
    "account_reset_password_from_key_done": Rule(everyone(OK)),
    # allauth's own flow: the form for a valid key; the key's owner, logged in, is sent on
    "account_reset_password_from_key": Rule({**everyone(OK), "no_organisation": REDIRECT}),
    "account_reset_password_done": Rule(everyone(OK)),
    # search
    "search:search": Rule(everyone(OK)),
    "search:suggestions": Rule(everyone(OK)),
    # public directory
    "partners:organisation_list": Rule(everyone(OK)),
    "partners:activity_list": Rule(everyone(OK)),
    "partners:organisation_detail": Rule(everyone(OK)),
    "partners:activity_detail": Rule(everyone(OK)),
    # Mina sidor
    "partners:dashboard": Rule(signed_in()),
    "partners:organisation_create": Rule(signed_in()),
    "partners:organisation_manage": Rule(members_of_a()),
    "partners:organisation_edit": Rule(members_of_a()),
    "partners:organisation_close": Rule(members_of_a(member=DENY)),
    "partners:activity_create": Rule(members_of_a()),
    "partners:activity_edit": Rule(members_of_a()),
    "partners:activity_status": Rule(
        members_of_a(member=REDIRECT, owner=REDIRECT), "post", {"status": "archived"}
    ),
    # members ask staff to look again (POST only): other people's objects are not found
    "partners:organisation_review_request": Rule(
        members_of_a(member=REDIRECT, owner=REDIRECT), "post"
    ),
    "partners:activity_review_request": Rule(members_of_a(member=REDIRECT, owner=REDIRECT), "post"),
    "partners:invite": Rule(members_of_a(member=DENY)),
    "partners:invitation_revoke": Rule(members_of_a(member=DENY, owner=REDIRECT), "post"),
    # the member removes themself (a confirmation page), the owner may remove them
    "partners:member_remove": Rule(members_of_a()),
    "partners:member_make_owner": Rule(members_of_a(member=DENY)),
    # the invitation was sent to the no-organisation persona's verified address
    "partners:invitation_accept": Rule(signed_in(DENY, no_organisation=OK)),
    # personal data: only to the logged-in, verified owner of it
    "partners:personal_data": Rule(signed_in()),
    "partners:personal_data_export": Rule(signed_in()),
    "partners:account_delete": Rule(signed_in(NOT_ALLOWED)),
    # calendar
    "events:calendar_feed": Rule(everyone(OK)),
    "events:my_proposals": Rule(signed_in()),
    "events:my_calendar": Rule(signed_in()),
    # the secret token is the permission: calendar programs cannot log in
    "events:personal_feed": Rule(everyone(OK)),
    # only members of a verified organisation may propose events
    "events:new_proposal": Rule(
        signed_in(DENY, member_a=OK, owner_a=OK, owner_b=OK),
    ),
    # open data: the API, downloads, feeds and the catalogue are public and read-only
    **{
        name: Rule(everyone(OK))
        for name in (
            "api_v1:index",
            "api_v1:openapi-json",
            "api_v1:agreements",
            "api_v1:agreement",
            "api_v1:quotas",
            "api_v1:organisations",
            "api_v1:organisation",
            "api_v1:activities",
            "api_v1:activity",
            "api_v1:events",
            "api_v1:event",
            "api_v1:counties",
            "api_v1:municipalities",
            "api_v1:search",
            "opendata:index",
            "opendata:catalogue",
            "opendata:catalogue_file",
            "opendata:download",
            "opendata:agreements_feed",
            "opendata:events_feed",
            # following a search needs no account (double opt-in by e-mail) ...
            "opendata:alert_subscribe",
            # ... and the secret token in the e-mail is the permission, as for cancel links
            "opendata:alert_confirm",
            "opendata:alert_manage",
            "opendata:alert_unsubscribe",
        )
    },
    "opendata:alert_mine": Rule(signed_in()),
    # routes of routable pages
    "page:events.CalendarIndexPage:upcoming": Rule(everyone(OK)),
    "page:events.CalendarIndexPage:archive": Rule(everyone(OK)),
    "page:events.CalendarIndexPage:month": Rule(everyone(OK)),
    "page:events.CalendarIndexPage:this_month": Rule(everyone(REDIRECT)),
    "page:events.EventPage:event": Rule(everyone(OK)),
    "page:events.EventPage:ics": Rule(everyone(OK)),
    # the signed token in the e-mail is the permission: anyone holding it may cancel
    "page:events.EventPage:cancel_signup": Rule(everyone(OK)),
    # only for a participant marked present at every session (none here); then the token is the
    # key, as for cancelling (tests/events/test_participants.py)
    "page:events.EventPage:certificate": Rule(everyone(DENY)),
    "page:agreements.SettlementQuotaPage:overview": Rule(everyone(OK)),
    "page:agreements.SettlementQuotaPage:county_year": Rule(everyone(OK)),
    "page:agreements.SettlementQuotaPage:municipality": Rule(everyone(OK)),
    # the admin's county and municipality choosers
    **{name: Rule(admin_access()) for name in ADMIN_NAMES},
}


# --- where each route is opened -----------------------------------------------------------


def _reset_key(world):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = world.users["no_organisation"]
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


def _confirm_key(world):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    address = EmailAddress.objects.get(user=world.users["unverified"])
    return {"key": EmailConfirmationHMAC(address).key}


def _invitation_token(world):
    from partners.emails import invitation_token

    return {"token": invitation_token(world.invitation_a)}


SAMPLE_KWARGS = {
    "wagtaildocs_serve": lambda w: [w.document.pk, w.document.filename],
    "wagtaildocs_authenticate_with_password": lambda w: {
        "restriction_id": w.document_restriction.pk
    },
    "wagtailcore_authenticate_with_password": lambda w: {
        "page_view_restriction_id": w.password_restriction.pk,
        "page_id": w.locked_event.pk,
    },
    "account_confirm_email": _confirm_key,
    "account_reset_password_from_key": _reset_key,
    "partners:organisation_detail": lambda w: {"slug": w.org_a.slug},
    "municipality_overview": lambda w: {"slug": "leksand"},
    "county_overview": lambda w: {"slug": "dalarna"},
    "partners:activity_detail": lambda w: {"slug": w.org_a.slug, "pk": w.activity_a.pk},
    "partners:organisation_manage": lambda w: {"pk": w.org_a.pk},
    "partners:organisation_edit": lambda w: {"pk": w.org_a.pk},
    "partners:organisation_close": lambda w: {"pk": w.org_a.pk},
    "partners:activity_create": lambda w: {"pk": w.org_a.pk},
    "partners:activity_edit": lambda w: {"pk": w.org_a.pk, "activity_pk": w.activity_a.pk},
    "partners:activity_status": lambda w: {
        "pk": w.org_a.pk,
        "activity_pk": w.draft_activity_a.pk,
    },
    "partners:organisation_review_request": lambda w: {"pk": w.org_a.pk},
    "partners:activity_review_request": lambda w: {
        "pk": w.org_a.pk,
        "activity_pk": w.activity_a.pk,
    },
    "partners:invite": lambda w: {"pk": w.org_a.pk},
    "partners:invitation_revoke": lambda w: {"pk": w.org_a.pk, "invitation_pk": w.invitation_a.pk},
    "partners:member_remove": lambda w: {"pk": w.org_a.pk, "membership_pk": w.membership_a.pk},
    "partners:member_make_owner": lambda w: {
        "pk": w.org_a.pk,
        "membership_pk": w.membership_a.pk,
    },
    "partners:invitation_accept": _invitation_token,
    "events:calendar_feed": lambda w: {"calendar_path": "kalender/"},
    "events:personal_feed": lambda w: {"token": _personal_calendar_token(w)},
    "api_v1:agreement": lambda w: {"agreement_id": w.agreement.pk},
    "api_v1:event": lambda w: {"event_id": w.event.pk},
    "api_v1:organisation": lambda w: {"org_number": w.org_a.org_number},
    "api_v1:activity": lambda w: {"activity_id": w.activity_a.pk},
    "opendata:catalogue_file": lambda w: {"extension": "ttl"},
    "opendata:download": lambda w: {"slug": "overenskommelser", "extension": "csv"},
    "opendata:alert_confirm": lambda w: {"token": _saved_search_token()},
    "opendata:alert_manage": lambda w: {"token": _saved_search_token(confirmed=True)},
    "opendata:alert_unsubscribe": lambda w: {"token": _saved_search_token(confirmed=True)},
    "wagtailsnippetchoosers_portal_municipality:chosen": lambda w: {"pk": w.leksand.pk},
    "county_chooser:chosen": lambda w: {"pk": w.leksand.county_id},
}

# Routes that answer a question and need one asked (without it: 400 with a message).
QUERY = {
    "api_v1:search": "?q=spr%C3%A5kcaf%C3%A9",
    "wagtailsnippetchoosers_portal_municipality:choose_results": "?q=rattvik",
    "county_chooser:choose_results": "?q=dalarna",
}

PAGE_PATHS = {
    "page:events.CalendarIndexPage:upcoming": lambda w: w.calendar.url,
    "page:events.CalendarIndexPage:archive": lambda w: w.calendar.url + "arkiv/",
    "page:events.CalendarIndexPage:month": lambda w: (
        w.calendar.url
        + f"manad/{w.event.first_occurrence.local_start.year}/"
        + f"{w.event.first_occurrence.local_start.month}/"
    ),
    "page:events.CalendarIndexPage:this_month": lambda w: w.calendar.url + "manad/",
    "page:events.EventPage:event": lambda w: w.event.url,
    "page:events.EventPage:ics": lambda w: w.event.url + "ics/",
    "page:events.EventPage:cancel_signup": lambda w: (
        w.event.url + f"avboka/{w.signup.cancel_token()}/"
    ),
    "page:events.EventPage:certificate": lambda w: (
        w.event.url + f"intyg/{w.signup.cancel_token()}/"
    ),
    "page:agreements.SettlementQuotaPage:overview": lambda w: w.quotas.url,
    "page:agreements.SettlementQuotaPage:county_year": lambda w: w.quotas.url + "dalarna/2024/",
    "page:agreements.SettlementQuotaPage:municipality": lambda w: w.quotas.url + "kommun/leksand/",
}


def _saved_search_token(confirmed=False):
    from django.utils import timezone

    from portal.alerts import SavedSearch

    return SavedSearch.objects.create(
        email="bevakare@example.se",
        scope=SavedSearch.Scope.SEARCH,
        query=[["q", "språkcafé"]],
        label="språkcafé",
        confirmed_at=timezone.now() if confirmed else None,
    ).token


def _personal_calendar_token(world):
    from events.models import PersonalCalendar

    return PersonalCalendar.for_user(world.users["owner_a"]).token


def path_for(name, world):
    if name.startswith("/"):
        return name
    if name in PAGE_PATHS:
        return PAGE_PATHS[name](world)
    kwargs = SAMPLE_KWARGS.get(name, lambda w: {})(world)
    if isinstance(kwargs, list):
        return reverse(name, args=kwargs) + QUERY.get(name, "")
    return reverse(name, kwargs=kwargs) + QUERY.get(name, "")


def outcome_of(response):
    status = response.status_code
    if status == 200:
        return OK
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.split("?")[0].endswith(ALLAUTH_LOGIN):
            return LOGIN
        if "login" in location:
            return f"a redirect to another login page ({location})"
        return REDIRECT
    if status in (403, 404):
        return DENY
    if status == 405:
        return NOT_ALLOWED
    return f"status {status}"


# --- the tests ----------------------------------------------------------------------------


def test_every_url_has_a_rule():
    missing = sorted(set(ROUTES) - set(RULES))
    assert not missing, (
        "These URLs have no rule in tests/security/test_permission_matrix.py RULES; say what "
        "each persona may get before the view ships: "
        + ", ".join(f"{name} ({ROUTES[name]})" for name in missing)
    )


def test_every_rule_names_an_existing_url():
    stale = sorted(set(RULES) - set(ROUTES))
    assert not stale, f"Rules for URLs that no longer exist (remove them): {', '.join(stale)}"


def test_every_url_with_arguments_has_a_sample():
    needs_sample = [
        name
        for name, route in ROUTES.items()
        if name in RULES and ("<" in route or "(?P" in route or "(" in route)
    ]
    missing = [n for n in needs_sample if n not in SAMPLE_KWARGS and n not in PAGE_PATHS]
    assert not missing, f"Add a sample to SAMPLE_KWARGS/PAGE_PATHS for: {', '.join(missing)}"


CASES = [(name, persona) for name in sorted(set(ROUTES) & set(RULES)) for persona in PERSONAS]
REPORT["matrix"] = (len(set(ROUTES) & set(RULES)), len(PERSONAS))


@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_permission_matrix(client, world, name, persona):
    rule = RULES[name]
    login_as(client, world, persona)
    # after the login: a password-reset key is bound to the user's last login
    path = path_for(name, world)
    response = getattr(client, rule.method)(path, rule.data)
    expected = rule.expect[persona]
    got = outcome_of(response)
    assert got == expected, (
        f"{persona} {rule.method.upper()} {path} ({name}): expected {DESCRIBE[expected]}, "
        f"got {DESCRIBE.get(got, got)} (status {response.status_code}"
        + (f", Location {response['Location']}" if response.has_header("Location") else "")
        + ")"
    )


# --- one way in: every login door keeps mandatory verification and allauth's limits --------


def test_the_admin_login_page_sends_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code in (301, 302), (
        f"/admin/login/ must redirect to allauth's {ALLAUTH_LOGIN}, it answered "
        f"{response.status_code} with its own form"
    )
    assert response["Location"].startswith(ALLAUTH_LOGIN), response["Location"]


@pytest.mark.parametrize("door", LOGIN_DOORS)
def test_an_unverified_account_is_not_logged_in_at_any_door(client, world, door):
    user = world.users["unverified"]
    client.post(door, {"login": user.email, "username": user.email, "password": PASSWORD})
    assert logged_in_user_id(client) is None, (
        f"POST {door} with the correct password logged in an account whose e-mail address is "
        "not verified; every login must go through allauth's mandatory verification"
    )
    response = client.get("/mina-sidor/")
    assert outcome_of(response) == LOGIN, (
        f"after POST {door}, the unverified account reached /mina-sidor/ "
        f"(status {response.status_code})"
    )


def test_password_guessing_has_one_door_and_it_is_rate_limited(client, world):
    """/admin/login/ checks no password at all (even the right one does not log in there); the
    one login that does, allauth's, locks after five wrong guesses."""
    user = world.users["staff"]
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert logged_in_user_id(client) is None, "/admin/login/ still checks passwords itself"
    for _attempt in range(6):
        client.post(ALLAUTH_LOGIN, {"login": user.email, "password": "fel-losenord"})
    client.post(ALLAUTH_LOGIN, {"login": user.email, "password": PASSWORD})
    assert logged_in_user_id(client) is None, (
        "after six wrong guesses the right password still logged the staff account in: "
        "allauth's login_failed limit does not hold"
    )


# --- personal data belongs to a verified identity ---------------------------------------------


def _export(client):
    return client.get(reverse("partners:personal_data_export"))


def test_export_never_hands_over_sign_ups_of_an_address_nobody_verified(client, world):
    """Someone signs up for an event; another person registers an account with that address
    (never confirming it), or adds it unconfirmed to an account of their own."""
    from allauth.account.models import EmailAddress

    from events.models import Signup

    victim = "offer@example.se"
    Signup.objects.create(
        event=world.event,
        name="Vera Offer",
        email=victim,
        employer="Hemlig arbetsgivare AB",
        needs="Glutenfri kost",
    )
    squatter = make_user(victim, verified=False)
    try_every_login_door(client, victim, PASSWORD)
    response = _export(client)
    assert "Vera Offer" not in response.content.decode(), (
        "an account with an unverified address logged in and downloaded the sign-ups made with "
        "that address (name, employer, needs)"
    )
    assert squatter.pk

    schemer = world.users["owner_b"]
    EmailAddress.objects.filter(email__iexact=victim).delete()
    EmailAddress.objects.create(user=schemer, email=victim, verified=False, primary=False)
    client.force_login(schemer)
    text = _export(client).content.decode()
    assert "Vera Offer" not in text and "Glutenfri" not in text, (
        "the personal-data export matched event sign-ups on an address the account never verified"
    )


def test_export_holds_the_users_own_sign_ups_and_nobody_elses(client, world):
    from events.models import Signup

    me = world.users["member_a"]
    Signup.objects.create(event=world.event, name="Min anmälan", email=me.email, employer="X")
    client.force_login(me)
    data = json.loads(_export(client).content)
    text = json.dumps(data, ensure_ascii=False)
    assert "Min anmälan" in text, "the export leaves out the user's own event sign-up"
    others = [u.email for p, u in world.users.items() if p != "member_a"]
    leaked = [email for email in others if email in text]
    assert not leaked, f"the export of {me.email} names other people: {leaked}"
    assert world.signup.name not in text
