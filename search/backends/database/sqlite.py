"""The database backend on SQLite: an FTS5 table of the stemmed, folded text
(``search.query.stemmed_text``) ranked by bm25, facet values in ``SearchFacetValue``.

A search is two queries (hits, then facet counts whose ``kind`` counts add up to the
total) plus one per filtered facet (its counts without its own filter).
"""

from __future__ import annotations

import difflib
import hashlib

from django.db import connection

from ...models import SearchEntry, SearchFacetValue, SearchTerm
from ...page_tags import keys_of
from ...query import Loose, highlight, stem, stemmed_text
from ..base import NATIONAL
from .base import SUGGESTION_CANDIDATES, DatabaseBackend, Rows, _hit, facet_values

# bm25 weights of title, summary (with keywords) and body: the proportions of PostgreSQL's
BM25_WEIGHTS = "10.0, 5.0, 2.0"


class SQLiteSearchBackend(DatabaseBackend):
    vendor = "sqlite"
    source_sql = "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"

    # ---- writing -------------------------------------------------------------------------

    def _insert(self, documents):
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

    def _entry_terms(self, sources):
        """Each entry's stems as the FTS table holds them, and a digest of what it holds."""
        placeholders = ", ".join(["%s"] * len(sources))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.source, e.key, e.kind, e.title, e.summary, e.body, e.url, e.date, "
                "e.language, e.page_number, e.container_title, e.facet_keys, e.expires_at, "
                "e.page_id, f.title, f.summary, f.body FROM search_searchentry e "
                f"JOIN search_fts f ON f.rowid = e.id WHERE e.source IN ({placeholders})",
                list(sources),
            )
            rows = cursor.fetchall()
        return [
            (
                row[0],
                row[1],
                hashlib.sha256(repr(row[2:]).encode()).hexdigest(),
                keys_of(" ".join(row[-3:])),  # its stems: their first letters are the keys
            )
            for row in rows
        ]

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

    def _terms(self, entries):
        vocabulary = self._vocabulary(entries)
        if self._rebuild_vocabulary is not None:
            self._rebuild_vocabulary |= vocabulary
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w) for w in sorted(vocabulary)],
            ignore_conflicts=True,
            batch_size=2000,
        )

    def _delete_ids(self, ids):
        SearchFacetValue.objects.filter(entry_id__in=ids)._raw_delete(using="default")
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", ids)
        SearchEntry.objects.filter(pk__in=ids)._raw_delete(using="default")

    def _clear_rows(self):
        SearchFacetValue.objects.all()._raw_delete(using="default")
        SearchEntry.objects.all()._raw_delete(using="default")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def _after_rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_searchentry)"
            )

    # ---- the query model as an FTS5 expression -------------------------------------------

    @staticmethod
    def _fts_match(parsed):
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

    def _text_match(self, parsed):
        return "search_fts MATCH %s", [self._fts_match(parsed)]

    def _word_match(self, word):
        return "search_fts MATCH %s", ['"' + stem(word).replace('"', "") + '"']

    def _title_prefix_match(self, stems):
        parts = [f'"{s}"' for s in stems[:-1]] + [f'"{stems[-1]}" *']
        return "search_fts MATCH %s", ["title : (" + " AND ".join(parts) + ")"]

    def _facet_condition(self, facet, values):
        """A semi-join on the facet table."""
        return (
            "e.id IN (SELECT fv.entry_id FROM search_searchfacetvalue fv WHERE "
            f"fv.facet = %s AND fv.value IN ({', '.join(['%s'] * len(values))}))",
            [facet, *values],
        )

    def _similar_words(self, word):
        return difflib.get_close_matches(
            word,
            SearchTerm.objects.filter(word__startswith=word[0]).values_list("word", flat=True)[
                :20000
            ],
            n=SUGGESTION_CANDIDATES,
            cutoff=0.75,
        )

    def _search_rows(self, parsed, query, conditions, per_page, offset):
        """The page of hits, then the facet counts under every filter (their ``kind`` counts
        add up to the total), then, for each filtered facet, its counts without its own
        filter. Facets are always exact here."""
        base = [self._text_match(parsed), self._unexpired_sql()]
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
            f"{national} AS national, e.facet_keys FROM {self.source_sql} "
            f"WHERE {where})) WHERE best = 1 ORDER BY {order} LIMIT %s OFFSET %s"
        )

        def counts_sql(where_sql, facet=None):
            only = "fv.facet = %s AND " if facet else ""
            return (
                "SELECT fv.facet, fv.value, COUNT(DISTINCT s.source) "
                "FROM search_searchfacetvalue fv JOIN search_searchentry s ON s.id = fv.entry_id "
                f"WHERE {only}fv.entry_id IN (SELECT e.id FROM {self.source_sql} "
                f"WHERE {where_sql}) GROUP BY fv.facet, fv.value"
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
        return Rows(hits, facet_rows, total)
