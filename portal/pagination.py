from django.core.paginator import Paginator

PAGE_PARAM = "sida"


class _CountedPaginator(Paginator):
    """A paginator told its count (e.g. kept in the cache) instead of counting every time."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # the cached_property's slot


def paginate(request, object_list, per_page=20, count=None):
    """The requested page of a list, read from ``sida`` (the site's one page parameter, the
    same name templates/includes/pagination.html links with); junk, zero, negative or too large
    page numbers give the nearest real page instead of an error. ``count``, when the caller
    already knows it, saves the paginator's COUNT query."""
    if count is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = _CountedPaginator(object_list, per_page, count)
    return paginator.get_page(request.GET.get(PAGE_PARAM))
