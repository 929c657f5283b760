"""The database search backend: PostgreSQL full-text search, or SQLite FTS5 with Snowball.

Both variants store entries in ``SearchEntry`` (text as written, for snippets).

- PostgreSQL: a full weighted vector (matching, GIN), a small title-and-summary vector kept
  in the row (ranking, suggestions) and the facet keys in the row (filters, counts). A
  search is one statement (plus two ``SET LOCAL``): hits with snippets, the exact total and
  the facet counts, estimated on a sample above SEARCH_EXACT_FACETS_UP_TO matches. Synonym
  phrases are indexed as single terms, so "RÖK" needs no re-reading of rows.
- SQLite: an FTS5 table of stemmed text, facet values in ``SearchFacetValue``; two queries
  (hits, then facet counts whose ``kind`` counts add up to the total).

Plus one query for "did you mean" when nothing matched. No content table is ever scanned.
"""

from __future__ import annotations

import datetime
import difflib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from ..models import IndexState, SearchEntry, SearchFacetValue, SearchTerm
from ..query import (
    Loose,
    clean,
    compound_text,
    fresh_synonyms,
    highlight,
    load_synonyms,
    parse,
    phrase_token,
    phrase_tokens,
    stem,
    stemmed_text,
    synonym_phrases,
    word_set,
    words,
)
from .base import (
    FACETS,
    NATIONAL,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    county_values,
    with_national,
)

CHUNK = 500
MAX_BODY = 400_000
START_SEL, STOP_SEL = "\u27e6", "\u27e7"  # ⟦ ⟧, stripped from indexed text, turned into <mark>
MAX_FACET_VALUES = 25
FACET_SEPARATOR = "\x1f"  # between "facet=value" keys in SearchEntry.facet_keys
TRUSTED_PHRASES = "database:trusted_phrases"  # IndexState name and cache key
# PostgreSQL: Swedish stemming over unaccent, so "overenskommelse" finds "överenskommelse"
# (migration 0004); ``query.stem`` folds the same way for SQLite and the suggestions.
PG_CONFIG = "swedish_folded"
ANALYSIS = "database:analysis"  # IndexState name: how the stored entries were analysed
# 2: diacritics folded; 3: a slash separates words; 4: expiry kept; 5: keywords weighted
# like the summary, compound parts without positions
ANALYSIS_VERSION = 5
SUGGESTION_CANDIDATES = 5  # vocabulary words tried for one misspelt word
VERIFY_ROWS = 20  # entries read to find a suggested word as written


# PostgreSQL's parser reads "KVOT/ABO" as one file path; a division slash (U+2215) in the
# analysed copy makes it two words, and is turned back into "/" in snippets.
SLASH, DIVISION_SLASH = "/", "\u2215"


def _split(sql_text: str) -> str:
    return f"translate({sql_text}, '{SLASH}', '{DIVISION_SLASH}')"


_HEAD_B = _split("v.summary || ' ' || v.container_title || ' ' || v.keywords")
# ts_rank's weights for D, C, B, A: compound parts, body, summary and keywords, title
RANK_WEIGHTS = "'{0.05, 0.2, 0.5, 1.0}'"
# Matches ranked on the full weighted text; past this many (in title-and-summary order)
# the rest keep the cheaper title-and-summary rank.
RANKED_CANDIDATES = 300
# SQLite's bm25 weights of title, summary (with keywords) and body: the same proportions
BM25_WEIGHTS = "10.0, 5.0, 2.0"
_SNIPPET_TEXT = _split("CASE WHEN e.body = '' THEN e.summary ELSE e.body END")


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _as_date(value):
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def _text(value, limit=None):
    text = clean(value).replace(START_SEL, " ").replace(STOP_SEL, " ")
    return text[:limit] if limit else text


def _page_id(source):
    prefix, _, pk = source.partition(":")
    return int(pk) if prefix == "page" and pk.isdigit() else None


def _hit(columns, score, snippet) -> SearchHit:
    """A hit from the columns both variants select: key, kind, title, url, date, page number,
    container title."""
    key, kind, title, url, date, page_number, container_title = columns
    return SearchHit(
        key=key,
        kind=kind,
        title=title,
        url=url,
        date=_as_date(date),
        page_number=page_number,
        container_title=container_title,
        score=score,
        snippet=snippet,
    )


def facet_keys(document: SearchDocument) -> str:
    return FACET_SEPARATOR.join(
        f"{facet}={value.replace(FACET_SEPARATOR, ' ')}" for facet, value in facet_values(document)
    )


def facet_values(document: SearchDocument) -> list[tuple[str, str]]:
    values = [("kind", document.kind)]
    if document.year:
        values.append(("year", str(document.year)))
    values += [("county", code) for code in county_values(document.county_codes)]
    for facet, items in (
        ("municipality", document.municipality_codes),
        ("target_group", document.target_groups),
        ("tag", document.tags),
    ):
        for item in dict.fromkeys(str(i)[:200] for i in items if i):
            values.append((facet, item))
    return values


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, using=None):
        self.using = using
        self._index_synonyms = None  # the cached list; a rebuild reads the database
        self._rebuild_vocabulary = None  # during a rebuild: every word indexed so far

    @property
    def vendor(self):
        return connection.vendor

    # ---- writing -------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        batch: list[SearchDocument] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= CHUNK:
                count += self._index_batch(batch)
                batch = []
        if batch:
            count += self._index_batch(batch)
        return count

    def _index_batch(self, documents: list[SearchDocument]) -> int:
        unique = {}
        for document in documents:
            unique[document.key] = document
        documents = list(unique.values())
        sources = sorted({d.source for d in documents})
        with transaction.atomic():
            self._delete(sources)
            if self.vendor == "postgresql":
                return self._pg_insert(documents)
            entries = SearchEntry.objects.bulk_create([self._entry(d) for d in documents])
            if any(entry.pk is None for entry in entries):  # very old SQLite: no RETURNING
                ids = dict(
                    SearchEntry.objects.filter(key__in=[e.key for e in entries]).values_list(
                        "key", "pk"
                    )
                )
                for entry in entries:
                    entry.pk = ids[entry.key]
            SearchFacetValue.objects.bulk_create(
                [
                    SearchFacetValue(entry_id=entry.pk, facet=facet, value=value)
                    for entry, document in zip(entries, documents, strict=True)
                    for facet, value in facet_values(document)
                ]
            )
            self._fts_rows(entries)
            self._terms(entries)
        return len(entries)

    @staticmethod
    def _entry(d):
        entry = DatabaseBackend._entry_row(d)
        entry.keywords = _text(d.keywords)  # indexed, not stored
        return entry

    @staticmethod
    def _entry_row(d):
        return SearchEntry(
            key=d.key[:200],
            source=d.source[:200],
            kind=d.kind[:40],
            title=_text(d.title, 500),
            summary=_text(d.summary),
            body=_text(d.body, MAX_BODY),
            url=d.url[:500],
            date=_date(d.date),
            language=d.language or "sv",
            page_number=d.page_number,
            container_title=_text(d.container_title, 500),
            facet_keys=facet_keys(d),
            expires_at=d.expires_at,
            page_id=_page_id(d.source),
        )

    def _pg_insert(self, documents):
        """One INSERT … SELECT FROM unnest(…) computing both vectors in place, one for the
        vocabulary: two round trips per chunk.

        Synonym phrases found in the text are added as single terms (``phrase_token``), in
        both vectors when they stand in the title or summary, so that "RÖK", which also means
        "regional överenskommelse", is matched through the index without re-reading rows.
        """
        entries = [self._entry(d) for d in documents]
        tokens = [word_set(f"{e.title} {e.summary} {e.keywords} {e.body}") for e in entries]
        phrases = synonym_phrases(self._index_synonyms)
        columns = {
            "key": [e.key for e in entries],
            "source": [e.source for e in entries],
            "kind": [e.kind for e in entries],
            "title": [e.title for e in entries],
            "summary": [e.summary for e in entries],
            "body": [e.body for e in entries],
            "url": [e.url for e in entries],
            "date": [e.date for e in entries],
            "language": [e.language for e in entries],
            "page_number": [e.page_number for e in entries],
            "container_title": [e.container_title for e in entries],
            "facet_keys": [e.facet_keys for e in entries],
            "expires_at": [e.expires_at for e in entries],
            "page_id": [e.page_id for e in entries],
            "keywords": [e.keywords for e in entries],
            "parts": [compound_text(tokens=t) for t in tokens],
            "head_phrases": [
                " ".join(phrase_tokens(f"{e.title} {e.summary} {e.keywords}", phrases))
                for e in entries
            ],
            "body_phrases": [" ".join(phrase_tokens(e.body, phrases)) for e in entries],
        }
        types = {
            "date": "date[]",
            "page_number": "integer[]",
            "expires_at": "timestamptz[]",
            "page_id": "integer[]",
        }
        unnest = ", ".join(f"%s::{types.get(name, 'text[]')}" for name in columns)
        names = ", ".join(columns)
        computed = {"keywords", "parts", "head_phrases", "body_phrases"}
        stored = [name for name in columns if name not in computed]
        sql = (
            f"INSERT INTO search_searchentry ({', '.join(stored)}, rank_vector, search_vector) "
            f"SELECT {', '.join('v.' + n for n in stored)}, h.head, "
            f"h.head || setweight(to_tsvector('{PG_CONFIG}', {_split('v.body')}), 'C') || "
            "setweight(array_to_tsvector(string_to_array(v.parts, ' ')), 'D') || "
            "setweight(array_to_tsvector(string_to_array(v.body_phrases, ' ')), 'C') "
            f"FROM unnest({unnest}) AS v({names}) "
            "CROSS JOIN LATERAL (SELECT "
            f"setweight(to_tsvector('{PG_CONFIG}', {_split('v.title')}), 'A') || "
            f"setweight(to_tsvector('{PG_CONFIG}', {_HEAD_B}), 'B') || "
            "setweight(array_to_tsvector(string_to_array(v.head_phrases, ' ')), 'A') "
            "AS head) h"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(columns.values()))
            vocabulary = self._vocabulary(entries, tokens)
            if self._rebuild_vocabulary is not None:
                self._rebuild_vocabulary |= vocabulary
            cursor.execute(
                "INSERT INTO search_searchterm (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT (word) DO NOTHING",
                [sorted(vocabulary)],
            )
        return len(entries)

    def _fts_rows(self, entries):
        with connection.cursor() as cursor:
            # rows left behind by a flush (transactional tests) must not block reused ids
            ids = [entry.pk for entry in entries]
            cursor.execute(
                f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
            )
            cursor.executemany(
                "INSERT INTO search_fts(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    (
                        entry.pk,
                        stemmed_text(entry.title),
                        stemmed_text(
                            f"{entry.summary} {entry.container_title} "
                            f"{getattr(entry, 'keywords', '')}"
                        ),
                        stemmed_text(entry.body),
                    )
                    for entry in entries
                ],
            )

    @staticmethod
    def _vocabulary(entries, tokens=None):
        """Words for "did you mean": every word of 3 to 40 letters (the first 5,000 characters
        of a long body are enough when the text has not been split already)."""
        vocabulary = set()
        for n, entry in enumerate(entries):
            if tokens is not None:
                vocabulary |= tokens[n]
            else:
                vocabulary |= word_set(f"{entry.title} {entry.summary} {entry.body[:5000]}")
        return {w for w in vocabulary if 3 <= len(w) <= 40 and not w.isdigit()}

    def _terms(self, entries):
        vocabulary = self._vocabulary(entries)
        if self._rebuild_vocabulary is not None:
            self._rebuild_vocabulary |= vocabulary
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w) for w in sorted(vocabulary)],
            ignore_conflicts=True,
            batch_size=2000,
        )

    def _delete(self, sources):
        for start in range(0, len(sources), CHUNK):
            part = sources[start : start + CHUNK]
            ids = list(SearchEntry.objects.filter(source__in=part).values_list("pk", flat=True))
            if not ids:
                continue
            self._delete_ids(ids)

    def _delete_ids(self, ids):
        SearchFacetValue.objects.filter(entry_id__in=ids)._raw_delete(using="default")
        if self.vendor != "postgresql":
            with connection.cursor() as cursor:
                placeholders = ", ".join(["%s"] * len(ids))
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", ids)
        SearchEntry.objects.filter(pk__in=ids)._raw_delete(using="default")

    def delete_sources(self, sources: Iterable[str]) -> None:
        with transaction.atomic():
            self._delete(sorted(set(sources)))

    def clear(self) -> None:
        with transaction.atomic():
            SearchFacetValue.objects.all()._raw_delete(using="default")
            SearchEntry.objects.all()._raw_delete(using="default")
            SearchTerm.objects.all()._raw_delete(using="default")
            if self.vendor != "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")

    def rebuild(
        self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Source by source replacement, then removal of sources no longer produced.

        Each chunk commits on its own, so searches keep answering (with old or new text)
        throughout; nothing is emptied first.
        """
        self._index_synonyms = fresh_synonyms()
        self._rebuild_vocabulary = set()
        try:
            count = self._rebuild(documents, progress)
            self._prune_vocabulary(self._rebuild_vocabulary)
            return count
        finally:
            self._index_synonyms = None
            self._rebuild_vocabulary = None

    def _rebuild(self, documents, progress):
        before = set(SearchEntry.objects.values_list("source", flat=True).distinct())
        seen = set()
        count = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= CHUNK:
                seen.update(d.source for d in batch)
                count += self._index_batch(batch)
                batch = []
                if progress:
                    progress(count)
        if batch:
            seen.update(d.source for d in batch)
            count += self._index_batch(batch)
            if progress:
                progress(count)
        stale = sorted(before - seen)
        if stale:
            self.delete_sources(stale)
        if self.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_searchentry)"
                )
        self.mark_phrases_indexed(synonym_phrases(self._index_synonyms))
        self._mark_analysis_current()
        return count

    @staticmethod
    def _prune_vocabulary(kept: set[str]) -> int:
        """Forget the did-you-mean words that no indexed entry holds any longer (words of
        content deleted, unpublished or restricted since they were indexed)."""
        stale = [w for w in SearchTerm.objects.values_list("word", flat=True) if w not in kept]
        for start in range(0, len(stale), CHUNK):
            SearchTerm.objects.filter(word__in=stale[start : start + CHUNK])._raw_delete(
                using="default"
            )
        return len(stale)

    def reanalyse_if_needed(self) -> int | None:
        """After an upgrade that changed the analysis: rebuild from the sources once."""
        from ..registry import all_documents

        state = IndexState.objects.filter(name=ANALYSIS).first()
        if state is not None and state.value.get("version") == ANALYSIS_VERSION:
            return None
        count = self.rebuild(all_documents()) if SearchEntry.objects.exists() else 0
        self._mark_analysis_current()
        return count

    @staticmethod
    def _mark_analysis_current():
        IndexState.objects.update_or_create(
            name=ANALYSIS, defaults={"value": {"version": ANALYSIS_VERSION}}
        )

    # ---- synonym phrases as single terms (PostgreSQL) ------------------------------------

    def mark_phrases_indexed(self, phrases) -> None:
        """Record that every entry now carries the terms of these phrases (after a rebuild
        that used this list, or a benchmark build through ``index``), so queries may use
        them; phrases no longer in the list are left out."""
        current = set(synonym_phrases(fresh_synonyms()))
        trusted = sorted(" ".join(p) for p in phrases if tuple(p) in current)
        IndexState.objects.update_or_create(name=TRUSTED_PHRASES, defaults={"value": trusted})
        cache.delete(TRUSTED_PHRASES)

    def forget_untrusted_phrases(self) -> None:
        """After the synonym list changed: keep trusting only phrases still in it; added ones
        are searched as ordinary phrases until the next rebuild has indexed them."""
        current = {" ".join(p) for p in synonym_phrases(fresh_synonyms())}
        state = IndexState.objects.filter(name=TRUSTED_PHRASES).first()
        if state is not None:
            state.value = sorted(set(state.value) & current)
            state.save(update_fields=["value", "updated_at"])
        cache.delete(TRUSTED_PHRASES)

    def trusted_phrases(self) -> frozenset[str]:
        cached = cache.get(TRUSTED_PHRASES)
        if cached is None:
            state = IndexState.objects.filter(name=TRUSTED_PHRASES).first()
            cached = frozenset(state.value if state else [])
            cache.set(TRUSTED_PHRASES, cached, 60)
        return cached

    # ---- reading -------------------------------------------------------------------------

    @staticmethod
    def _unexpired_sql():
        """Entries whose content has not expired: checked at read time, so a page past its
        ``expire_at`` is gone before the scheduler unpublishes it. For the few entries with
        an expiry, the page's current one is read as well (it may have been moved since)."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        return (
            "(e.expires_at IS NULL OR (e.expires_at > %s AND NOT EXISTS (SELECT 1 FROM "
            "wagtailcore_page p WHERE p.id = e.page_id AND p.expire_at <= %s)))",
            [now, now],
        )

    def _matching(self, match_sql, params):
        """``FROM … WHERE``: the unexpired entries ``e`` that ``match_sql`` accepts
        (PostgreSQL: a condition on the entry's vectors; SQLite: ``search_fts MATCH %s``)."""
        unexpired, unexpired_params = self._unexpired_sql()
        source = (
            "search_searchentry e"
            if self.vendor == "postgresql"
            else "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
        )
        return f"FROM {source} WHERE {match_sql} AND {unexpired}", [*params, *unexpired_params]

    def _conditions(self, filters):
        """``{facet: (sql, params)}``: OR within a facet, AND across facets (a county filter
        also keeps national content). PostgreSQL reads the keys kept in the row; SQLite a
        semi-join on the facet table."""
        conditions = {}
        for facet, values in with_national(filters).items():
            values = [v for v in values if v]
            if facet not in FACETS or not values:
                continue
            if facet == "kind":
                conditions[facet] = (f"e.kind IN ({', '.join(['%s'] * len(values))})", values)
            elif self.vendor == "postgresql":
                conditions[facet] = (
                    "string_to_array(e.facet_keys, E'\\x1f') && %s::text[]",
                    [[f"{facet}={value}" for value in values]],
                )
            else:
                conditions[facet] = (
                    "e.id IN (SELECT fv.entry_id FROM search_searchfacetvalue fv WHERE "
                    f"fv.facet = %s AND fv.value IN ({', '.join(['%s'] * len(values))}))",
                    [facet, *values],
                )
        return conditions

    @staticmethod
    def _where(parts, conditions, leave_out=None):
        """``parts`` (sql, params) and every condition but ``leave_out``'s, ANDed."""
        chosen = [*parts, *(c for facet, c in conditions.items() if facet != leave_out)]
        return " AND ".join(sql for sql, _params in chosen), [
            p for _sql, params in chosen for p in params
        ]

    def _pg_tsquery(self, parsed, for_matching=True):
        """The tsquery as SQL with its parameters. For matching, a synonym phrase that every
        entry carries as one term is looked up as that term; snippets use the words."""
        trusted = self.trusted_phrases() if for_matching else frozenset()

        def alternative(words_):
            text = " ".join(words_)
            if isinstance(words_, Loose):
                return f"plainto_tsquery('{PG_CONFIG}', %s)", [text]
            if len(words_) > 1 and text in trusted:
                return "to_tsquery('simple', %s)", [phrase_token(tuple(words_))]
            return f"phraseto_tsquery('{PG_CONFIG}', %s)", [text]

        parts, params = [], []
        for clause in parsed.clauses:
            alternatives = [alternative(alt) for alt in clause]
            parts.append("(" + " || ".join(a[0] for a in alternatives) + ")")
            for a in alternatives:
                params.extend(a[1])
        for excluded in parsed.excluded:
            sql, p = alternative(excluded)
            parts.append(f"(!!{sql})")
            params.extend(p)
        return " && ".join(parts), params

    def _fts_match(self, parsed):
        def phrase(words_):
            if isinstance(words_, Loose):
                return "(" + " AND ".join(f'"{stem(w)}"' for w in words_.content_words()) + ")"
            return '"' + " ".join(stem(w) for w in words_) + '"'

        clauses = [
            "(" + " OR ".join(phrase(alt) for alt in clause) + ")" for clause in parsed.clauses
        ]
        expression = " AND ".join(clauses)
        if parsed.excluded:
            expression = f"({expression}) NOT ({' OR '.join(phrase(e) for e in parsed.excluded)})"
        return expression

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits matching the text and every filter; facets counted disjunctively: each facet
        with every filter except its own, so a value's count is what its click gives."""
        started = time.perf_counter()
        parsed = parse(query.text, load_synonyms())
        results = SearchResults(query=query, total=0, hits=[], facets={}, backend=self.name)
        if parsed.is_empty:
            results.took_ms = (time.perf_counter() - started) * 1000
            return results
        conditions = self._conditions(query.filters)
        per_page = max(1, min(query.per_page, 100))
        offset = (max(1, query.page) - 1) * per_page
        if self.vendor == "postgresql":
            hits, facet_rows, total, estimated = self._pg_search(
                parsed, query, conditions, per_page, offset
            )
        else:
            hits, facet_rows, total = self._sqlite_search(
                parsed, query, conditions, per_page, offset
            )
            estimated = False
        results.hits = hits
        results.facets = self._facets(facet_rows, query.filters, estimated)
        results.facets_estimated = estimated
        results.total = total
        if results.total == 0:
            results.did_you_mean = self._did_you_mean(parsed)
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def _sqlite_search(self, parsed, query, conditions, per_page, offset):
        """The page of hits, then the facet counts under every filter (their ``kind`` counts
        add up to the total), then, for each filtered facet, its counts without its own
        filter."""
        match = ("search_fts MATCH %s", [self._fts_match(parsed)])
        base = [match, self._unexpired_sql()]
        where, params = self._where(base, conditions)
        order = (
            "date IS NULL, date DESC, score, id"
            if query.sort == "date"
            else "national, score, date IS NULL, date DESC, id"
        )
        # under a county filter, national content is kept but listed after the county's own
        national = f"(e.facet_keys LIKE '%%county={NATIONAL}%%')" if "county" in conditions else "0"
        # the best matching page of a document stands for it; its other pages are counted
        hits_sql = (
            "SELECT key, kind, title, url, date, page_number, container_title, score, body, "
            "summary, facet_keys, pages FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY source "
            "ORDER BY score, id) AS best, COUNT(*) OVER (PARTITION BY source) AS pages FROM ("
            "SELECT e.id, e.source, e.key, e.kind, e.title, e.url, e.date, e.page_number, "
            f"e.container_title, bm25(search_fts, {BM25_WEIGHTS}) AS score, e.body, e.summary, "
            f"{national} AS national, e.facet_keys FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE {where})) WHERE best = 1 ORDER BY {order} LIMIT %s OFFSET %s"
        )

        def counts_sql(where_sql, facet=None):
            only = "fv.facet = %s AND " if facet else ""
            return (
                "SELECT fv.facet, fv.value, COUNT(DISTINCT s.source) "
                "FROM search_searchfacetvalue fv JOIN search_searchentry s ON s.id = fv.entry_id "
                f"WHERE {only}fv.entry_id IN (SELECT e.id FROM search_fts JOIN "
                f"search_searchentry e ON e.id = search_fts.rowid WHERE {where_sql}) "
                "GROUP BY fv.facet, fv.value"
            )

        with connection.cursor() as cursor:
            cursor.execute(hits_sql, [*params, per_page, offset])
            rows = cursor.fetchall()
            cursor.execute(counts_sql(where), params)
            facet_rows = cursor.fetchall()
            total = sum(count for facet, _value, count in facet_rows if facet == "kind")
            facet_rows = [row for row in facet_rows if row[0] not in conditions]
            for facet in conditions:
                own_where, own_params = self._where(base, conditions, leave_out=facet)
                cursor.execute(counts_sql(own_where, facet), [facet, *own_params])
                facet_rows += cursor.fetchall()
        positive = parsed.positive_words()
        hits = []
        for r in rows:
            # the best passage of the body when it matched, else the summary
            snippet = highlight(r[8], positive, require_match=True) or highlight(
                r[9] or r[8], positive
            )
            hit = _hit(r[:7], score=-float(r[7] or 0), snippet=snippet)
            hit.more_pages = max(0, (r[11] or 1) - 1)
            hits.append(self._with_national(hit, r[10]))
        return hits, facet_rows, total

    @staticmethod
    def _with_national(hit, keys):
        hit.national = f"county={NATIONAL}" in (keys or "").split(FACET_SEPARATOR)
        return hit

    def _pg_search(self, parsed, query, conditions, per_page, offset):
        """One statement: the text matches with their rank (from the small title-and-summary
        vector), facet keys and one flag per filtered facet are materialised once; the page
        of hits (snippets for those rows only) and the exact total are read from the matches
        whose flags are all true, and each facet is counted over the matches whose *other*
        flags are true. Above SEARCH_EXACT_FACETS_UP_TO matches the facets are counted on
        about SEARCH_FACET_SAMPLE_SIZE of them (the ids divisible by matches / sample size,
        a fixed and even spread) and scaled up; they are shown as estimates.

        The tsquery is written out where it is used (not read from a CTE) so the planner can
        estimate the matches, and sequential scans are off for the statement: the planner
        does not price unpacking a stored vector, and would otherwise test every row's vector
        instead of reading the matches from the GIN index.
        """
        exact_up_to = settings.SEARCH_EXACT_FACETS_UP_TO
        sample_size = max(1, settings.SEARCH_FACET_SAMPLE_SIZE)
        tsquery, tsparams = self._pg_tsquery(parsed)
        headline, headline_params = self._pg_tsquery(parsed, for_matching=False)
        unexpired, unexpired_params = self._unexpired_sql()
        facets = list(conditions)
        flags = "".join(f", ({conditions[f][0]}) AS f_{f}" for f in facets)
        flag_params = [p for f in facets for p in conditions[f][1]]
        all_flags = " AND ".join(f"m.f_{f}" for f in facets) or "TRUE"

        def others(facet):
            return " AND ".join(f"c.f_{f}" for f in facets if f != facet) or "TRUE"

        own = " ".join(f"WHEN '{f}' THEN {others(f)}" for f in facets)
        count_when = f"CASE split_part(k.key, '=', 1) {own} ELSE {others(None)} END"
        if not facets:
            count_when = "TRUE"
        # under a county filter, national content is kept but listed after the county's own
        national_tier = (
            f"CASE WHEN e.facet_keys LIKE '%%county={NATIONAL}%%' THEN 1 ELSE 0 END"
            if "county" in conditions
            else "0"
        )
        if query.sort == "date":
            order = "date DESC NULLS LAST, score DESC, id"
            ranked = f"top AS (SELECT id, score, date, 0 AS tier FROM g ORDER BY {order} "
            ranked_params = []
        else:
            # the best RANKED_CANDIDATES by title and summary, ranked on the full weighted
            # text; any further pages keep the title-and-summary order after them
            order = "tier, score DESC, date DESC NULLS LAST, id"
            ranked = (
                "cand AS (SELECT id, date FROM g ORDER BY score DESC, date DESC NULLS LAST, id "
                f"LIMIT {RANKED_CANDIDATES}), "
                "top AS (SELECT * FROM (SELECT c.id, "
                f"ts_rank({RANK_WEIGHTS}, e.search_vector, ({tsquery}), 1) AS score, "
                f"c.date, {national_tier} AS tier FROM cand c "
                "JOIN search_searchentry e ON e.id = c.id "
                "UNION ALL SELECT g.id, g.score, g.date, 2 FROM g "
                f"WHERE %s > {RANKED_CANDIDATES} AND g.id NOT IN (SELECT id FROM cand)) pool "
                f"ORDER BY {order} "
            )
            ranked_params = [*tsparams, offset + per_page]
        options = (
            f"StartSel={START_SEL}, StopSel={STOP_SEL}, MaxFragments=1, MaxWords=35, "
            'MinWords=15, ShortWord=2, FragmentDelimiter=" … "'
        )
        # the page of a document that matched best stands for the document: its other
        # matching pages are counted ("n more pages"), and a document counts once
        sql = (
            "WITH m AS MATERIALIZED (SELECT e.id, e.source, e.date, e.facet_keys, "
            f"COALESCE(ts_rank(e.rank_vector, ({tsquery}), 1), 0) AS score{flags} "
            f"FROM search_searchentry e WHERE e.search_vector @@ ({tsquery}) AND {unexpired}), "
            "mf AS (SELECT m.*, COUNT(*) OVER (PARTITION BY m.source) AS pages "
            f"FROM m WHERE {all_flags}), "
            "g AS (SELECT DISTINCT ON (mf.source) mf.id, mf.date, mf.score, mf.pages FROM mf "
            "JOIN search_searchentry e ON e.id = mf.id ORDER BY mf.source, CASE WHEN "
            f"mf.pages > 1 THEN ts_rank(e.search_vector, ({tsquery})) ELSE 0 END DESC, mf.id), "
            "n AS (SELECT (SELECT COUNT(*) FROM g) AS total, COUNT(*) AS matches FROM m), "
            f"{ranked}LIMIT %s OFFSET %s), "
            "counted AS (SELECT m.* FROM m, n "
            "WHERE n.matches <= %s OR m.id %% ((n.matches + %s - 1) / %s) = 0) "
            # part 0: the page of hits, in rank order (rn); 1: facet counts; 2: the totals
            "SELECT 0 AS part, e.key, e.kind, e.title, e.url, e.date, e.page_number, "
            "e.container_title, t.score, "
            f"CASE WHEN e.body <> '' AND ts_filter(e.search_vector, '{{c}}') @@ ({headline}) "
            f"THEN ts_headline('{PG_CONFIG}', {_split('e.body')}, ({headline}), %s) "
            f"ELSE ts_headline('{PG_CONFIG}', {_split('e.summary')}, ({headline}), %s) END, "
            "e.facet_keys, g.pages, t.rn "
            f"FROM (SELECT *, row_number() OVER (ORDER BY {order}) AS rn FROM top) t "
            "JOIN search_searchentry e ON e.id = t.id JOIN g ON g.id = t.id "
            "UNION ALL "
            "SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, k.key, "
            "COUNT(DISTINCT c.source), NULL "
            "FROM counted c, unnest(string_to_array(c.facet_keys, E'\\x1f')) AS k(key) "
            f"WHERE {count_when} GROUP BY k.key "
            "UNION ALL "
            "SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, n.total, "
            "n.matches FROM n ORDER BY 1, 13"
        )
        params = [*tsparams, *flag_params, *tsparams, *unexpired_params, *tsparams]
        params += [*ranked_params, per_page, offset]
        params += [exact_up_to, sample_size, sample_size]
        params += [*headline_params, *headline_params, options, *headline_params, options]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        totals = next(r for r in rows if r[0] == 2)
        total, matches = totals[11], totals[12]
        estimated = matches > exact_up_to
        every = (matches + sample_size - 1) // sample_size if estimated else 1
        facet_rows = []
        for row in rows:
            if row[0] == 1 and row[10]:
                facet, _, value = row[10].partition("=")
                facet_rows.append((facet, value, row[11] * every))
        hits = []
        for r in rows:
            if r[0] != 0:
                continue
            hit = _hit(r[1:8], score=float(r[8] or 0), snippet=self._pg_snippet(r[9]))
            hit.more_pages = max(0, (r[11] or 1) - 1)
            hits.append(self._with_national(hit, r[10]))
        return hits, facet_rows, total, estimated

    @staticmethod
    def _pg_snippet(text):
        text = (text or "").replace(DIVISION_SLASH, SLASH)
        return escape(text).replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")

    def _facets(self, rows, filters, estimated=False):
        from ..labels import facet_value_objects

        grouped = defaultdict(list)
        for facet, value, count in rows:
            grouped[facet].append((value, count))
        facets = {}
        for facet in FACETS:
            values = grouped.get(facet, [])
            if facet == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            else:
                values.sort(key=lambda item: (-item[1], item[0]))
            selected = set(filters.get(facet, []))
            kept = values[:MAX_FACET_VALUES] + [
                v for v in values[MAX_FACET_VALUES:] if v[0] in selected
            ]
            facets[facet] = kept
        return facet_value_objects(facets, filters, estimated)

    def _did_you_mean(self, parsed):
        """A corrected query, offered only when it finds something. Each replacement word is
        taken from the vocabulary and must stand, as written, in an indexed (so public) entry:
        the vocabulary may still hold words of content hidden since the last rebuild."""
        changed = False
        corrected = []
        for clause in parsed.clauses:
            alt = clause[0]
            new = []
            for word in alt:
                better = self._closest(word) if len(word) >= 3 and not word.isdigit() else None
                if better and better != word:
                    changed = True
                    new.append(better)
                else:
                    new.append(word)
            text = " ".join(new)
            corrected.append(f'"{text}"' if len(new) > 1 else text)
        if not changed:
            return None
        suggestion = " ".join(corrected)
        return suggestion if self._has_hits(parse(suggestion, load_synonyms())) else None

    def _closest(self, word):
        if SearchTerm.objects.filter(word=word).exists() and self._in_public_text(word):
            return None
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM search_searchterm WHERE word %% %s "
                    "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                    [word, word, SUGGESTION_CANDIDATES],
                )
                candidates = [row[0] for row in cursor.fetchall()]
        else:
            candidates = difflib.get_close_matches(
                word,
                SearchTerm.objects.filter(word__startswith=word[0]).values_list("word", flat=True)[
                    :20000
                ],
                n=SUGGESTION_CANDIDATES,
                cutoff=0.75,
            )
        return next((c for c in candidates if c != word and self._in_public_text(c)), None)

    def _in_public_text(self, word) -> bool:
        """Whether ``word`` stands as written in an indexed entry (only public content is
        indexed). The full-text index narrows the rows to those with its stem."""
        if self.vendor == "postgresql":
            match = (f"e.search_vector @@ plainto_tsquery('{PG_CONFIG}', %s)", [word])
        else:
            match = ("search_fts MATCH %s", ['"' + stem(word).replace('"', "") + '"'])
        where, params = self._matching(*match)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.title, e.summary, e.container_title, e.body {where} LIMIT %s",
                [*params, VERIFY_ROWS],
            )
            rows = cursor.fetchall()
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        return any(pattern.search(" ".join(part or "" for part in row)) for row in rows)

    def _has_hits(self, parsed) -> bool:
        if parsed.is_empty:
            return False
        if self.vendor == "postgresql":
            tsquery, tsparams = self._pg_tsquery(parsed)
            where, params = self._matching(f"e.search_vector @@ ({tsquery})", tsparams)
        else:
            where, params = self._matching("search_fts MATCH %s", [self._fts_match(parsed)])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 {where} LIMIT 1", params)
            return cursor.fetchone() is not None

    def suggest(self, prefix: str, limit: int = 8) -> list[SearchHit]:
        tokens = words(clean(prefix)[:100])[:6]
        if len(tokens) > 1 and len(tokens[-1]) < 2:
            tokens = tokens[:-1]
        if not tokens or len(tokens[-1]) < 2:
            return []
        stems = [stem(t) for t in tokens]
        fetch = limit * 4
        if self.vendor == "postgresql":
            expression = " & ".join(f"'{s}'" for s in stems[:-1])
            last = f"'{stems[-1]}':*A"
            expression = f"{expression} & {last}" if expression else last
            match = ("e.rank_vector @@ to_tsquery('simple', %s)", [expression])
        else:
            parts = [f'"{s}"' for s in stems[:-1]] + [f'"{stems[-1]}" *']
            match = ("search_fts MATCH %s", ["title : (" + " AND ".join(parts) + ")"])
        where, params = self._matching(*match)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.key, e.kind, e.title, e.url, e.date {where} "
                "ORDER BY length(e.title), e.title LIMIT %s",
                [*params, fetch],
            )
            rows = cursor.fetchall()
        seen, hits = set(), []
        for key, kind, title, url, date in rows:
            if title.lower() in seen:
                continue
            seen.add(title.lower())
            hits.append(
                SearchHit(key=key, kind=kind, title=title, url=url, snippet="", date=_as_date(date))
            )
            if len(hits) >= limit:
                break
        return hits
