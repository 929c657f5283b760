"""Which public URLs show organisations and activities (portal.page_cache): the directory and
every page under it, the home page's directory section, search and the sitemap."""

from portal.page_cache import register_purge

from .models import Activity, Organisation, OrganisationArea

DIRECTORY = {"/foreningar/*", "/", "/sok/*", "/sitemap.xml"}


def directory_urls(_instance):
    return DIRECTORY


for model in (Organisation, Activity, OrganisationArea):
    register_purge(model, directory_urls)
