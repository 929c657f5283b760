"""Public organisation and activity pages in /sitemap.xml, beside Wagtail's pages."""

from django.contrib.sitemaps import Sitemap

from .models import Activity, Organisation


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class ActivitySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Activity.objects.public()
            .select_related("organisation")
            .only("pk", "updated_at", "organisation__slug")
            .order_by("pk")
        )

    def lastmod(self, activity):
        return activity.updated_at
