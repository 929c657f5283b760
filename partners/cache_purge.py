"""Which public URLs show organisations and activities (portal.page_cache).

An organisation shows on its own pages (and its activities'), on the directory lists (any page
or filter of them), in the sitemap and in search (purged by the index write); on the home page only as one of the latest three
or through the counts, so the home page is purged only when those may change (status, name,
slug, a new or deleted row, or one of the three shown).

The organisation list says which organisations each of its pages shows (``depends_on``). An
edit that can neither move an organisation between lists, pages or counts nor change what the
activity list shows of it (its description, legal form, street address or contact details)
purges only the list pages showing it. One that can (its status; its name, which the lists are
sorted by; its slug, which they link to; its languages, municipalities, target groups or areas
of work; a new or deleted organisation) purges every list page.
"""

from django.db.models.signals import pre_save

from portal.page_cache import register_purge, tag

from .models import Activity, Organisation, OrganisationArea

LISTS = {"/foreningar/", "/foreningar/aktiviteter/"}
# search pages: purged by the index writes that change them (search.page_tags)
ELSEWHERE = {"/sitemap.xml"}
ORGANISATION_HOME_FIELDS = ("status", "name", "slug")
ORGANISATION_LIST_FIELDS = ("status", "name", "slug", "language_codes")
ACTIVITY_HOME_FIELDS = ("status", "moderation_reason", "organisation_id")


def organisation_tag(pk):
    """The tag of the directory's list pages that show organisation ``pk``."""
    return tag("organisation", pk)


def _remember_before(fields):
    def remember(sender, instance, raw=False, **kwargs):
        if raw or not instance.pk:
            instance._purge_before = None
            return
        instance._purge_before = sender.objects.filter(pk=instance.pk).values(*fields).first()

    return remember


def _changed(instance, fields):
    """Whether any of ``fields`` changed, or the row is new, deleted or had its related rows
    (municipalities, areas …) changed; the values before come from ``_remember_before``."""
    before = getattr(instance, "_purge_before", None)
    if before is None or getattr(instance, "_purge_related_changed", False):
        return True
    return any(before[f] != getattr(instance, f) for f in fields)


def _on_home(organisation_id):
    latest = (
        Organisation.objects.public()
        .order_by("-status_changed_at", "-pk")
        .values_list("pk", flat=True)[:3]
    )
    return organisation_id in set(latest)


def organisation_urls(organisation):
    urls = {*ELSEWHERE, f"/foreningar/{organisation.slug}/*"}
    if _changed(organisation, ORGANISATION_LIST_FIELDS):
        urls.update(LISTS)
    else:
        urls.add(organisation_tag(organisation.pk))
    before = getattr(organisation, "_purge_before", None)
    if before and before["slug"] != organisation.slug:
        urls.add(f"/foreningar/{before['slug']}/*")
    if _changed(organisation, ORGANISATION_HOME_FIELDS) or _on_home(organisation.pk):
        urls.add("/")
    return urls


def activity_urls(activity):
    organisation = activity.organisation
    urls = {*LISTS, *ELSEWHERE, f"/foreningar/{organisation.slug}/*"}
    if _changed(activity, ACTIVITY_HOME_FIELDS):
        urls.add("/")
    return urls


def area_urls(area):
    return organisation_urls(area.content_object)


register_purge(Organisation, organisation_urls)
register_purge(Activity, activity_urls)
register_purge(OrganisationArea, area_urls)
pre_save.connect(
    _remember_before(sorted({*ORGANISATION_HOME_FIELDS, *ORGANISATION_LIST_FIELDS})),
    sender=Organisation,
    weak=False,
    dispatch_uid="partners_purge_before_org",
)
pre_save.connect(
    _remember_before(ACTIVITY_HOME_FIELDS),
    sender=Activity,
    weak=False,
    dispatch_uid="partners_purge_before_activity",
)
