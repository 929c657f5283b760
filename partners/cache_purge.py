"""Which public URLs show organisations and activities (portal.page_cache).

An organisation shows on its own pages (and its activities'), on the directory lists (any page
or filter of them), in the sitemap and in search (purged by the index write); on the home page
only as one of the latest three or through the counts, so the home page is purged only when those
may change (status, name, slug, a new or deleted row, or one of the three shown).

The organisation list says which organisations each of its pages shows (``depends_on``). An
edit that can neither move an organisation between lists, pages or counts nor change what the
activity list shows of it (its description, legal form, street address or contact details)
purges only the list pages showing it. One that can (its status; its name, which the lists are
sorted by; its slug, which they link to; its languages, municipalities, target groups or areas
of work; a new or deleted organisation) purges every list page.
"""

from portal.page_cache import fields_changed, register_purge, remember_before, tag, value_before

from .models import Activity, Organisation, OrganisationArea

ORGANISATION_LIST = "/foreningar/"
ACTIVITY_LIST = "/foreningar/aktiviteter/"
LISTS = {ORGANISATION_LIST, ACTIVITY_LIST}
# search pages: purged by the index writes that change them (search.page_tags)
ELSEWHERE = {"/sitemap.xml"}
ORGANISATION_HOME_FIELDS = ("status", "name", "slug")
ORGANISATION_LIST_FIELDS = ("status", "name", "slug", "language_codes")
ACTIVITY_HOME_FIELDS = ("status", "moderation_reason", "organisation_id")


def organisation_tag(pk):
    """The tag of the directory's list pages that show organisation ``pk``."""
    return tag("organisation", pk)


def _on_home(organisation_id):
    latest = (
        Organisation.objects.public()
        .order_by("-status_changed_at", "-pk")
        .values_list("pk", flat=True)[:3]
    )
    return organisation_id in set(latest)


def organisation_urls(organisation):
    urls = {*ELSEWHERE, f"/foreningar/{organisation.slug}/*"}
    if fields_changed(organisation, ORGANISATION_LIST_FIELDS):
        urls.update(LISTS)
    else:
        urls.add(organisation_tag(organisation.pk))
    slug_before = value_before(organisation, "slug")
    if slug_before and slug_before != organisation.slug:
        urls.add(f"/foreningar/{slug_before}/*")
    if fields_changed(organisation, ORGANISATION_HOME_FIELDS) or _on_home(organisation.pk):
        urls.add("/")
    return urls


def activity_urls(activity):
    organisation = activity.organisation
    urls = {*LISTS, *ELSEWHERE, f"/foreningar/{organisation.slug}/*"}
    if fields_changed(activity, ACTIVITY_HOME_FIELDS):
        urls.add("/")
    return urls


def area_urls(area):
    return organisation_urls(area.content_object)


register_purge(Organisation, organisation_urls)
register_purge(Activity, activity_urls)
register_purge(OrganisationArea, area_urls)
remember_before(
    Organisation,
    sorted({*ORGANISATION_HOME_FIELDS, *ORGANISATION_LIST_FIELDS}),
    dispatch_uid="partners_purge_before_org",
)
remember_before(Activity, ACTIVITY_HOME_FIELDS, dispatch_uid="partners_purge_before_activity")
