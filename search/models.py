"""What the database search backend stores, and the editable parts of search.

``SearchEntry`` holds one ``SearchDocument`` each (a page, one page of a PDF, an organisation…)
with the text kept as written for snippets. On PostgreSQL a weighted ``tsvector`` sits beside
it under a GIN index, with a small ranking vector and the facet keys in the row (migration
0003); on SQLite a companion FTS5 table (created by migration 0002) holds a Snowball-stemmed
copy and ``SearchFacetValue`` rows make filters and facet counts one GROUP BY.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string


class SearchEntry(models.Model):
    """One indexed document of the database backend."""

    key = models.CharField(max_length=200, unique=True)
    source = models.CharField(max_length=200, db_index=True)
    kind = models.CharField(max_length=40, db_index=True)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=10, default="sv")
    page_number = models.PositiveIntegerField(null=True, blank=True)
    container_title = models.CharField(max_length=500, blank=True)
    # Read-time visibility: past this moment the entry is never found, whether or not the
    # scheduler has unpublished its page yet.
    expires_at = models.DateTimeField(null=True, blank=True)
    # The page behind a page entry: for entries with an expiry, the page's current expiry is
    # checked at read time too (it may have been moved since the entry was written).
    page_id = models.IntegerField(null=True, blank=True)
    # PostgreSQL only (its GIN index is created by migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only: title (A) and summary (B) alone. Ranking reads this small vector, kept
    # in the row, instead of unpacking the full one of every match (migration 0003).
    rank_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only: every pair of neighbouring words as one term ("stem~stem", no
    # positions), so a quoted phrase of common words is found through the index instead of
    # re-reading the full vector of every row holding both words (migration 0008).
    pair_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only: the entry's facet values as "facet=value" joined by FACET_SEPARATOR,
    # kept in the row so that filters and facet counts need no join.
    facet_keys = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title


class SearchFacetValue(models.Model):
    """One facet value of an entry ("county" = "20"); filters and facet counts read these."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "entry"], name="search_facet_lookup")]
        verbose_name = _("facet value")
        verbose_name_plural = _("facet values")

    def __str__(self):
        return f"{self.facet}={self.value}"


class IndexState(models.Model):
    """Small facts about the index itself, e.g. which synonym phrases every entry carries."""

    name = models.CharField(max_length=100, unique=True)
    value = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index states")

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """A word seen in indexed text: the vocabulary "did you mean" chooses from."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """An abbreviation or synonym set: a search for one term also finds the others.

    Staff edit the list in the admin (Snippets → Synonyms); a fresh site starts with RÖK, LÖK,
    SFI, ABO, AF, FK and MV from a data migration.
    """

    term = models.CharField(
        _("term"),
        max_length=100,
        unique=True,
        help_text=_("The abbreviation or word people search for, e.g. RÖK."),
    )
    equivalents = models.TextField(
        _("equivalents"),
        help_text=_(
            "What the term means, comma-separated, e.g. “regional överenskommelse”. "
            "A search for any of them also finds the others."
        ),
    )

    panels = [FieldPanel("term"), FieldPanel("equivalents")]

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return f"{self.term} = {self.equivalents}"

    def all_terms(self):
        return [self.term.strip()] + [
            part.strip() for part in self.equivalents.split(",") if part.strip()
        ]


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(**kwargs):
    """Forget the cached list, and bring every backend's index in line with the new one
    (also after a bulk delete, which sends post_delete for each row)."""
    from .indexing import schedule_synonym_update

    cache.delete("search:synonyms")
    schedule_synonym_update()


class PendingIndexChange(models.Model):
    """An index update that failed (backend down, bug): kept here and replayed later."""

    class Action(models.TextChoices):
        UPDATE = "update", _("update")
        DELETE = "delete", _("delete")

    source = models.CharField(_("source"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    backend = models.CharField(_("backend"), max_length=40, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "backend"], name="search_pending_unique")
        ]
        verbose_name = _("pending index change")
        verbose_name_plural = _("pending index changes")

    def __str__(self):
        return f"{self.action} {self.source}"


class DocumentText(models.Model):
    """The text of one page of an uploaded document, extracted in the background."""

    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="search_texts"
    )
    page_number = models.PositiveIntegerField(_("page number"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["document", "page_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "page_number"], name="search_documenttext_unique"
            )
        ]
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return f"{self.document_id}:{self.page_number}"
