from wagtail.models import Page, Site


def site_chrome(request):
    """Navigation for the header: the live, in-menu children of the site's root page.

    Evaluated lazily, so pages that never render the header (feeds, JSON) pay nothing.
    """

    def navigation():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(Page.objects.child_of(site.root_page).live().in_menu().public())

    return {"site_navigation": navigation}
