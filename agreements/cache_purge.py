"""Which public URLs show settlement quotas (portal.page_cache): the kommuntal page and every
county, year and municipality view under it (search pages are purged by the index writes that
change them). Agreement, method-support and project pages are Wagtail pages and purged by the
core's page rule."""

from portal.page_cache import page_path, register_purge

from .models import SettlementQuota, SettlementQuotaPage


def quota_urls(_quota=None):
    urls = set()
    for page in SettlementQuotaPage.objects.live():
        path = page_path(page)
        if path:
            urls.add(path + "*")
    return urls


register_purge(SettlementQuota, quota_urls)
