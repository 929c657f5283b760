from django.core.paginator import Paginator

PAGE_PARAM = "sida"


def paginate(request, object_list, per_page=20):
    """The requested page of a list, read from ``sida`` (the site's one page parameter, the
    same name templates/includes/pagination.html links with); junk, zero, negative or too large
    page numbers give the nearest real page instead of an error."""
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get(PAGE_PARAM))
