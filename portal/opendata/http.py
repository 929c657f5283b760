"""What every open data response gets: per-IP rate limiting, CORS for GET, and an ETag (and a
Last-Modified when the view knows one) answered with 304 when the client already has it."""

import hashlib
import json
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from portal.ratelimit import allow

SAFE_METHODS = ("GET", "HEAD")
CACHE_CONTROL = "public, max-age=60"


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    response["Access-Control-Max-Age"] = "86400"
    return response


def json_error(status, message):
    response = JsonResponse(
        {"detail": str(message)}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    return cors(response)


def conditional(request, response):
    """Add an ETag from the body and answer 304 when it (or Last-Modified) matches."""
    if response.status_code != 200 or response.streaming:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    response.setdefault("Cache-Control", CACHE_CONTROL)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return answer


def open_data(view):
    """Wrap a view of /api/v1/ or a download: only GET/HEAD (and CORS preflight), rate
    limited per client address, CORS, ETag/Last-Modified and 304."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return cors(HttpResponse(status=204))
        if request.method not in SAFE_METHODS:
            response = json_error(405, _("The open data API only answers GET requests."))
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if not allow(request, "api", limit_get=True):
            response = json_error(
                429, _("Too many requests from your address. Wait a minute and try again.")
            )
            response["Retry-After"] = "60"
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if head:
            request.method = "HEAD"
        response = conditional(request, response)
        patch_vary_headers(response, ["Accept-Language"])
        cors(response)
        return response

    return wrapped


def dumps(data):
    return json.dumps(data, ensure_ascii=False, default=str)
