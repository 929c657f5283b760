from django.core.paginator import Paginator


def paginate(request, object_list, per_page=20):
    """The requested page of a list; junk, zero, negative or too large page numbers give the
    nearest real page instead of an error."""
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get("page"))
