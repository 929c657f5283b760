"""One rate limiter for every public form: allauth's, with the portal's own actions.

The rates live in ``settings.PORTAL_RATE_LIMITS`` (``"action": "10/h/ip,3/h/key"``, allauth's
syntax); the client address is read by allauth, which honours ``ALLAUTH_TRUSTED_PROXY_COUNT``
behind a proxy. ``allow`` records a hit and says whether it was within the limit.
"""

from django.conf import settings

from allauth.core.internal import ratelimit as _allauth_ratelimit


def allow(request, action, key=None, limit_get=False):
    """True if this submission of ``action`` (by IP, and by ``key`` when given) may go ahead.

    allauth counts only POSTs unless told otherwise: ``limit_get`` counts GETs too (the open
    data API)."""
    usage = _allauth_ratelimit.consume(
        request,
        app="portal",
        action=action,
        config=settings.PORTAL_RATE_LIMITS,
        key=(key or "").strip().lower() or None,
        limit_get=limit_get,
    )
    return usage is not None
