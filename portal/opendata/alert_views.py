"""/bevaka/: follow a search or a filtered list by e-mail (double opt-in), confirm, manage and
unsubscribe (also in one click from the mail program, RFC 8058)."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from portal.alerts import SavedSearch
from portal.personal_data import verified_emails
from portal.ratelimit import allow

from . import alerts


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    omrade = forms.ChoiceField(choices=SavedSearch.Scope.choices, widget=forms.HiddenInput)
    fraga = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


def _query_without_scope(query):
    pairs = [
        (key, value)
        for key in query
        for value in query.getlist(key)
        if key not in {"omrade", "sida", "page", "format", "csrfmiddlewaretoken"}
    ]
    return urlencode(pairs)


def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
    else:
        scope = request.GET.get("omrade", SavedSearch.Scope.SEARCH)
        form = SubscribeForm(
            initial={
                "omrade": scope if scope in SavedSearch.Scope.values else SavedSearch.Scope.SEARCH,
                "fraga": _query_without_scope(request.GET),
                "email": next(iter(verified_emails(request.user)), ""),
            }
        )
    scope = form.data.get("omrade") if form.is_bound else form.initial["omrade"]
    scope = scope if scope in SavedSearch.Scope.values else SavedSearch.Scope.SEARCH
    querystring = form.data.get("fraga", "") if form.is_bound else form.initial["fraga"]
    pairs, params = alerts.clean_query(scope, querystring[:2000])
    label = alerts.describe(scope, params)
    status = 200
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if scope == SavedSearch.Scope.SEARCH and not params.get("q"):
            form.add_error(None, _("Search for something first, then follow the search."))
            status = 400
        elif not allow(request, "saved_search", key=email):
            form.add_error(None, _("Too many attempts. Please wait a while and try again."))
            status = 429
        else:
            verified = email in verified_emails(request.user)
            saved_search = SavedSearch.objects.create(
                email=email,
                user=request.user if verified else None,
                scope=scope,
                query=pairs,
                label=label,
                frequency=form.cleaned_data["frequency"],
            )
            if verified:
                alerts.confirm(saved_search)
                return redirect("opendata:alert_manage", saved_search.token)
            alerts.send_confirmation(saved_search)
            return render(request, "alerts/subscribe_sent.html", {"email": email, "label": label})
    elif form.is_bound:
        status = 400
    return render(
        request,
        "alerts/subscribe.html",
        {"form": form, "label": label, "notices": params.notices},
        status=status,
    )


def _by_token(token):
    saved_search = SavedSearch.objects.filter(token=token[:64]).first()
    if saved_search is None:
        raise Http404
    return saved_search


def confirm(request, token):
    saved_search = SavedSearch.objects.filter(token=token[:64]).first()
    if saved_search is None:
        return render(request, "alerts/confirm.html", {"expired": True}, status=404)
    if request.method == "POST":
        alerts.confirm(saved_search)
        return redirect("opendata:alert_manage", saved_search.token)
    return render(request, "alerts/confirm.html", {"saved_search": saved_search})


def manage(request, token):
    saved_search = _by_token(token)
    others = SavedSearch.objects.filter(email=saved_search.email, confirmed_at__isnull=False)
    return render(
        request,
        "alerts/manage.html",
        {"saved_search": saved_search, "saved_searches": others, "email": saved_search.email},
    )


@csrf_exempt
def unsubscribe(request, token):
    """GET asks (link scanners must not unsubscribe anyone); POST, from the page or from a mail
    program's one-click button (RFC 8058, no CSRF token possible), deletes."""
    saved_search = SavedSearch.objects.filter(token=token[:64]).first()
    if request.method == "POST":
        label = saved_search.label if saved_search else ""
        if saved_search is not None:
            saved_search.delete()
        return render(request, "alerts/unsubscribed.html", {"label": label})
    if saved_search is None:
        return render(request, "alerts/unsubscribed.html", {"label": ""}, status=404)
    return render(request, "alerts/unsubscribe.html", {"saved_search": saved_search})


@login_required
def mine(request):
    saved_searches = alerts.active_saved_searches(request.user)
    return render(request, "alerts/mine.html", {"saved_searches": saved_searches})
