"""The database search backend: PostgreSQL full-text search, or SQLite FTS5 with Snowball.

Both variants store entries in ``SearchEntry`` (text as written, for snippets) and facet
values in ``SearchFacetValue``. A search costs two queries – hits with snippets, then facet
counts (whose ``kind`` counts add up to the total) – plus one for "did you mean" when
nothing matched. No content table is ever scanned.
"""

from __future__ import annotations

import datetime
import difflib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils.html import escape

from ..models import SearchEntry, SearchFacetValue, SearchTerm
from ..query import (
    clean,
    compound_text,
    highlight,
    load_synonyms,
    parse,
    stem,
    stemmed_text,
    word_set,
    words,
)
from .base import FACETS, SearchBackend, SearchDocument, SearchHit, SearchQuery, SearchResults

CHUNK = 500
MAX_BODY = 400_000
START_SEL, STOP_SEL = "\u27e6", "\u27e7"  # ⟦ ⟧, stripped from indexed text, turned into <mark>
MAX_FACET_VALUES = 25


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


def facet_values(document: SearchDocument) -> list[tuple[str, str]]:
    values = [("kind", document.kind)]
    if document.year:
        values.append(("year", str(document.year)))
    for facet, items in (
        ("county", document.county_codes),
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
        )

    def _pg_insert(self, documents):
        """One INSERT … SELECT FROM unnest(…) computing the weighted tsvector in place, one
        for the facet values, one for the vocabulary: three round trips per chunk."""
        entries = [self._entry(d) for d in documents]
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
            "parts": [compound_text(f"{e.title} {e.summary} {e.body}") for e in entries],
        }
        types = {"date": "date[]", "page_number": "integer[]"}
        unnest = ", ".join(f"%s::{types.get(name, 'text[]')}" for name in columns)
        names = ", ".join(columns)
        stored = [name for name in columns if name != "parts"]
        sql = (
            f"INSERT INTO search_searchentry ({', '.join(stored)}, search_vector) "
            f"SELECT {', '.join('v.' + n for n in stored)}, "
            "setweight(to_tsvector('swedish', v.title), 'A') || "
            "setweight(to_tsvector('swedish', v.summary || ' ' || v.container_title), 'B') || "
            "setweight(to_tsvector('swedish', v.body), 'C') || "
            "setweight(to_tsvector('swedish', v.parts), 'D') "
            f"FROM unnest({unnest}) AS v({names}) RETURNING id, key"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(columns.values()))
            ids = dict((key, pk) for pk, key in cursor.fetchall())
            facet_rows = [
                (ids[d.key[:200]], facet, value)
                for d in documents
                for facet, value in facet_values(d)
            ]
            cursor.execute(
                "INSERT INTO search_searchfacetvalue (entry_id, facet, value) "
                "SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[])",
                [
                    [r[0] for r in facet_rows],
                    [r[1] for r in facet_rows],
                    [r[2] for r in facet_rows],
                ],
            )
            cursor.execute(
                "INSERT INTO search_searchterm (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT (word) DO NOTHING",
                [sorted(self._vocabulary(entries))],
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
                        stemmed_text(f"{entry.summary} {entry.container_title}"),
                        stemmed_text(entry.body),
                    )
                    for entry in entries
                ],
            )

    @staticmethod
    def _vocabulary(entries):
        vocabulary = set()
        for entry in entries:
            vocabulary |= word_set(f"{entry.title} {entry.summary} {entry.body[:5000]}")
        return {w for w in vocabulary if 3 <= len(w) <= 40 and not w.isdigit()}

    def _terms(self, entries):
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w) for w in sorted(self._vocabulary(entries))],
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
        return count

    # ---- reading -------------------------------------------------------------------------

    def _filters_sql(self, filters):
        sql, params = [], []
        for facet in FACETS:
            values = [v for v in filters.get(facet, []) if v]
            if not values:
                continue
            if facet == "kind":
                sql.append(f"e.kind IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)
                continue
            sql.append(
                "EXISTS (SELECT 1 FROM search_searchfacetvalue fv WHERE fv.entry_id = e.id "
                f"AND fv.facet = %s AND fv.value IN ({', '.join(['%s'] * len(values))}))"
            )
            params.append(facet)
            params.extend(values)
        return sql, params

    def _pg_tsquery(self, parsed):
        def alternative(words_):
            return "phraseto_tsquery('swedish', %s)", [" ".join(words_)]

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
            return '"' + " ".join(stem(w) for w in words_) + '"'

        clauses = [
            "(" + " OR ".join(phrase(alt) for alt in clause) + ")" for clause in parsed.clauses
        ]
        expression = " AND ".join(clauses)
        if parsed.excluded:
            expression = f"({expression}) NOT ({' OR '.join(phrase(e) for e in parsed.excluded)})"
        return expression

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        parsed = parse(query.text, load_synonyms())
        results = SearchResults(query=query, total=0, hits=[], facets={}, backend=self.name)
        if parsed.is_empty:
            results.took_ms = (time.perf_counter() - started) * 1000
            return results
        filter_sql, filter_params = self._filters_sql(query.filters)
        per_page = max(1, min(query.per_page, 100))
        offset = (max(1, query.page) - 1) * per_page
        if self.vendor == "postgresql":
            tsquery, tsparams = self._pg_tsquery(parsed)
            where = " AND ".join(["e.search_vector @@ q.tsq", *filter_sql])
            base_params = tsparams + filter_params
            order = (
                "date DESC NULLS LAST, score DESC, id"
                if query.sort == "date"
                else "score DESC, date DESC NULLS LAST, id"
            )
            options = (
                f"StartSel={START_SEL}, StopSel={STOP_SEL}, MaxFragments=1, MaxWords=40, "
                'MinWords=18, ShortWord=2, FragmentDelimiter=" … "'
            )
            # One round trip and one pass over the matches: the matching ids with their rank
            # are materialised once; the page of hits (with snippets for those rows only)
            # and the facet counts are both read from them.
            sql = (
                f"WITH q AS (SELECT {tsquery} AS tsq), "
                "m AS MATERIALIZED (SELECT e.id, e.date, "
                "ts_rank(e.search_vector, q.tsq, 1) AS score "
                f"FROM search_searchentry e, q WHERE {where}), "
                f"top AS (SELECT id, score, date FROM m ORDER BY {order} LIMIT %s OFFSET %s) "
                "SELECT 0 AS part, e.key, e.kind, e.title, e.url, e.date, e.page_number, "
                "e.container_title, top.score, "
                "ts_headline('swedish', CASE WHEN e.body = '' THEN e.summary ELSE e.body END, "
                "q.tsq, %s), NULL, NULL, NULL::bigint "
                "FROM top JOIN search_searchentry e ON e.id = top.id, q "
                "UNION ALL "
                "SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                "fv.facet, fv.value, COUNT(*) FROM search_searchfacetvalue fv "
                "JOIN m ON fv.entry_id = m.id GROUP BY fv.facet, fv.value"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, base_params + [per_page, offset, options])
                rows = cursor.fetchall()
            facet_rows = [(r[10], r[11], r[12]) for r in rows if r[0] == 1]
            hits = [
                SearchHit(
                    key=r[1],
                    kind=r[2],
                    title=r[3],
                    url=r[4],
                    date=r[5],
                    page_number=r[6],
                    container_title=r[7],
                    score=float(r[8] or 0),
                    snippet=self._pg_snippet(r[9]),
                )
                for r in rows
                if r[0] == 0
            ]
            if query.sort == "date":
                hits.sort(
                    key=lambda h: (h.date is None, -(h.date.toordinal() if h.date else 0), -h.score)
                )
            else:
                hits.sort(
                    key=lambda h: (-h.score, h.date is None, -(h.date.toordinal() if h.date else 0))
                )
        else:
            match = self._fts_match(parsed)
            where = " AND ".join(["search_fts MATCH %s", *filter_sql])
            order = (
                "e.date IS NULL, e.date DESC, score, e.id"
                if query.sort == "date"
                else "score, e.date IS NULL, e.date DESC, e.id"
            )
            hits_sql = (
                "SELECT e.key, e.kind, e.title, e.url, e.date, e.page_number, e.container_title, "
                "bm25(search_fts, 10.0, 4.0, 1.0) AS score, e.body, e.summary "
                "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
                f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            facets_sql = (
                "SELECT fv.facet, fv.value, COUNT(*) FROM search_searchfacetvalue fv "
                "WHERE fv.entry_id IN (SELECT e.id FROM search_fts JOIN search_searchentry e "
                f"ON e.id = search_fts.rowid WHERE {where}) GROUP BY fv.facet, fv.value"
            )
            with connection.cursor() as cursor:
                cursor.execute(hits_sql, [match, *filter_params, per_page, offset])
                rows = cursor.fetchall()
                cursor.execute(facets_sql, [match, *filter_params])
                facet_rows = cursor.fetchall()
            positive = parsed.positive_words()
            hits = [
                SearchHit(
                    key=r[0],
                    kind=r[1],
                    title=r[2],
                    url=r[3],
                    date=_as_date(r[4]),
                    page_number=r[5],
                    container_title=r[6],
                    score=-float(r[7] or 0),
                    snippet=highlight(r[8] or r[9], positive),
                )
                for r in rows
            ]
        results.hits = hits
        results.facets = self._facets(facet_rows, query.filters)
        results.total = sum(f.count for f in results.facets.get("kind", []))
        if results.total == 0:
            results.did_you_mean = self._did_you_mean(parsed)
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    @staticmethod
    def _pg_snippet(text):
        return escape(text or "").replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")

    def _facets(self, rows, filters):
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
        return facet_value_objects(facets, filters)

    def _did_you_mean(self, parsed):
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
        return " ".join(corrected) if changed else None

    def _closest(self, word):
        if SearchTerm.objects.filter(word=word).exists():
            return None
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM search_searchterm WHERE word %% %s "
                    "ORDER BY similarity(word, %s) DESC, word LIMIT 1",
                    [word, word],
                )
                row = cursor.fetchone()
            return row[0] if row else None
        candidates = list(
            SearchTerm.objects.filter(word__startswith=word[0]).values_list("word", flat=True)[
                :20000
            ]
        )
        match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        return match[0] if match else None

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
            sql = (
                "SELECT e.key, e.kind, e.title, e.url, e.date FROM search_searchentry e "
                "WHERE e.search_vector @@ to_tsquery('simple', %s) "
                "ORDER BY length(e.title), e.title LIMIT %s"
            )
            params = [expression, fetch]
        else:
            parts = [f'"{s}"' for s in stems[:-1]] + [f'"{stems[-1]}" *']
            sql = (
                "SELECT e.key, e.kind, e.title, e.url, e.date FROM search_fts "
                "JOIN search_searchentry e ON e.id = search_fts.rowid "
                "WHERE search_fts MATCH %s ORDER BY length(e.title), e.title LIMIT %s"
            )
            params = ["title : (" + " AND ".join(parts) + ")", fetch]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
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
