"""Page pagination for the API: ``sida`` and ``per_sida``, with links to the next and previous
page on the portal's public base URL (never the request's Host header)."""

from urllib.parse import urlencode

from portal.emails import absolute_url

from .schemas import last_modified


def page_link(request, page):
    pairs = [
        (k, v) for k in request.GET for v in request.GET.getlist(k) if k not in {"sida", "page"}
    ]
    if page > 1:
        pairs.append(("sida", str(page)))
    query = urlencode(pairs)
    return absolute_url(request.path + (f"?{query}" if query else ""))


def paginate(request, params, items, count=None):
    """``(rows of the requested page, envelope without results)``.

    ``items`` is a queryset or a list; ``count`` may be given when it is known already.
    A page past the last gives an empty list (the envelope says how many pages there are).
    """
    total = (
        count
        if count is not None
        else (
            items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
        )
    )
    per_page = params.per_page
    pages = max(1, -(-total // per_page))
    page = params.page
    start = (page - 1) * per_page
    rows = list(items[start : start + per_page]) if start < total else []
    envelope = {
        "count": total,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "next": page_link(request, page + 1) if page < pages else None,
        "previous": page_link(request, min(page - 1, pages)) if page > 1 else None,
        "notices": [str(n) for n in params.notices],
    }
    return rows, envelope


def page_response(request, response, params, items, data, stamp=None):
    """One page of ``items`` as the API envelope: ``data(row)`` for each row and, when
    ``stamp(row)`` is given, a Last-Modified header from the newest row on the page."""
    rows, envelope = paginate(request, params, items)
    if stamp is not None:
        last_modified(response, [stamp(row) for row in rows])
    envelope["results"] = [data(row) for row in rows]
    return envelope
