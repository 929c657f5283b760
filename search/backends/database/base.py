"""What the PostgreSQL and SQLite backends share: the entry rows, writing and rebuilding,
the search flow (query model in; hits, facets and did-you-mean out), suggestions.

Each subclass renders the one query model (``search.query.ParsedQuery``) in its own SQL:
the hooks are the methods that raise ``NotImplementedError`` here. Which subclass serves a
database is decided once, from the connection's vendor, in ``search.backends``.
"""

from __future__ import annotations

import datetime
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from ...models import IndexState, SearchEntry, SearchTerm
from ...page_tags import everything_written, term_key, written
from ...query import (
    clean,
    fresh_synonyms,
    load_synonyms,
    parse,
    stem,
    synonym_phrases,
    word_set,
    words,
)
from ..base import (
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
ANALYSIS = "database:analysis"  # IndexState name: how the stored entries were analysed
# 2: diacritics folded; 3: a slash separates words; 4: expiry kept; 5: keywords weighted
# like the summary, compound parts without positions; 6: loanword plurals and definite
# forms analysed as their singular (``search.query.analysed_text``); 7: neighbouring word
# pairs as terms (PostgreSQL's ``pair_vector``)
ANALYSIS_VERSION = 7
SUGGESTION_CANDIDATES = 5  # vocabulary words tried for one misspelt word
VERIFY_ROWS = 20  # entries read to find a suggested word as written


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


@dataclass
class Rows:
    """What a database's search statement(s) found: the page of hits, facet rows
    (facet, value, count), the total, and whether facets or total are estimates (counted on
    a sample of a very large result set)."""

    hits: list[SearchHit]
    facet_rows: list[tuple[str, str, int]]
    total: int
    facets_estimated: bool = False
    total_estimated: bool = False


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
    """The database backend: entries in ``SearchEntry`` (text as written, for snippets),
    matched and ranked by the database's own full-text search.

    ``DatabaseBackend()`` gives the class for the database in use
    (``search.backends.database_backend_class``); subclasses render the query model.
    """

    name = "database"
    vendor = ""  # the connection vendor a subclass serves
    # ``FROM`` of every read: the entries ``e`` (joined to the full-text table if separate)
    source_sql = "search_searchentry e"

    def __new__(cls, *args, **kwargs):
        if cls is DatabaseBackend:
            from .. import database_backend_class

            cls = database_backend_class()
        return super().__new__(cls)

    def __init__(self, using=None):
        self.using = using
        self._index_synonyms = None  # the cached list; a rebuild reads the database
        self._rebuild_vocabulary = None  # during a rebuild: every word indexed so far
        self._memo = None  # during a search: what its statements share (``_remembered``)

    # ---- hooks each database implements -------------------------------------------------

    def _insert(self, documents: list[SearchDocument]) -> int:
        """Write new entries for ``documents`` (their sources are already deleted)."""
        raise NotImplementedError

    def _delete_ids(self, ids: list[int]) -> None:
        """Remove the entries with these ids and whatever the database keeps beside them."""
        raise NotImplementedError

    def _clear_rows(self) -> None:
        """Remove every entry and whatever the database keeps beside them."""
        raise NotImplementedError

    def _after_rebuild(self) -> None:
        """Tidy up after a rebuild has replaced every source (default: nothing)."""

    def _text_match(self, parsed) -> tuple[str, list]:
        """The condition, on ``source_sql``, that an entry matches the parsed query."""
        raise NotImplementedError

    def _word_match(self, word: str) -> tuple[str, list]:
        """The condition that an entry holds ``word``'s stem (to check a suggestion)."""
        raise NotImplementedError

    def _title_prefix_match(self, stems: list[str]) -> tuple[str, list]:
        """The condition that the title holds every stem, the last one as a prefix."""
        raise NotImplementedError

    def _facet_condition(self, facet: str, values: list[str]) -> tuple[str, list]:
        """The condition that an entry has one of ``values`` for ``facet`` (not ``kind``)."""
        raise NotImplementedError

    def _similar_words(self, word: str) -> list[str]:
        """Vocabulary words spelt like ``word``, best first."""
        raise NotImplementedError

    def _search_rows(self, parsed, query, conditions, per_page, offset) -> Rows:
        """The page of hits, the facet counts and the total."""
        raise NotImplementedError

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
        rebuilding = self._rebuild_vocabulary is not None  # purges every search page after
        with transaction.atomic():
            before = None if rebuilding else self._states(sources)
            self._delete(sources)
            count = self._insert(documents)
            if before is not None:
                self._purge_changed(before, self._states(sources))
            return count

    # ---- which kept search pages a write changes (search.page_tags) -----------------------

    def _entry_terms(self, sources: list[str]) -> Iterable[tuple[str, str, str, Iterable[str]]]:
        """(source, key, digest, terms) of each entry of ``sources``: a digest of all it holds
        and shows, and the terms the index matches it by (or their first letters)."""
        raise NotImplementedError

    def _states(self, sources):
        """``{source: (digests of its entries, term keys)}`` as the index holds them now."""
        states = {}
        for start in range(0, len(sources), CHUNK):
            for source, key, digest, terms in self._entry_terms(sources[start : start + CHUNK]):
                digests, keys = states.setdefault(source, ([], set()))
                digests.append((key, digest))
                keys.update(term_key(term) for term in terms)
        return {source: (sorted(digests), keys) for source, (digests, keys) in states.items()}

    @staticmethod
    def _purge_changed(before, after):
        """Purge the search pages an entry that changed matched before or matches now; an entry
        written again unchanged (an activity re-indexed with its organisation) purges none."""
        keys, changed = set(), False
        for source in before.keys() | after.keys():
            old, new = before.get(source), after.get(source)
            if old is not None and new is not None and old[0] == new[0]:
                continue
            changed = True
            for state in (old, new):
                if state is not None:
                    keys |= state[1]
        if changed:
            written(keys)

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

    def _delete(self, sources):
        for start in range(0, len(sources), CHUNK):
            part = sources[start : start + CHUNK]
            ids = list(SearchEntry.objects.filter(source__in=part).values_list("pk", flat=True))
            if not ids:
                continue
            self._delete_ids(ids)

    def delete_sources(self, sources: Iterable[str]) -> None:
        sources = sorted(set(sources))
        with transaction.atomic():
            before = self._states(sources)
            self._delete(sources)
            self._purge_changed(before, {})

    def clear(self) -> None:
        with transaction.atomic():
            self._clear_rows()
            SearchTerm.objects.all()._raw_delete(using="default")
            everything_written()

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
            everything_written()

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
        self._after_rebuild()
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
        from ...registry import all_documents

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
        cache.delete(ANALYSIS)

    def pairs_indexed(self) -> bool:
        """Whether every entry was written with the current analysis (so carries its pair
        terms): until then phrases are matched by word positions alone."""
        return self._remembered(ANALYSIS, self._read_pairs_indexed)

    @staticmethod
    def _read_pairs_indexed() -> bool:
        current = cache.get(ANALYSIS)
        if current is None:
            state = IndexState.objects.filter(name=ANALYSIS).first()
            current = bool(state and state.value.get("version") == ANALYSIS_VERSION)
            cache.set(ANALYSIS, current, 60)
        return current

    # ---- synonym phrases as single terms (used by PostgreSQL) ----------------------------

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

    def _remembered(self, name, read):
        """``read()``, asked once per search: the statements of one search share the answer."""
        memo = self.__dict__.get("_memo")
        if memo is None:
            return read()
        if name not in memo:
            memo[name] = read()
        return memo[name]

    def trusted_phrases(self) -> frozenset[str]:
        return self._remembered(TRUSTED_PHRASES, self._read_trusted_phrases)

    @staticmethod
    def _read_trusted_phrases() -> frozenset[str]:
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
        """``FROM … WHERE``: the unexpired entries ``e`` that ``match_sql`` accepts."""
        unexpired, unexpired_params = self._unexpired_sql()
        return (
            f"FROM {self.source_sql} WHERE {match_sql} AND {unexpired}",
            [*params, *unexpired_params],
        )

    def _conditions(self, filters):
        """``{facet: (sql, params)}``: OR within a facet, AND across facets (a county filter
        also keeps national content)."""
        conditions = {}
        for facet, values in with_national(filters).items():
            values = [v for v in values if v]
            if facet not in FACETS or not values:
                continue
            if facet == "kind":
                conditions[facet] = (f"e.kind IN ({', '.join(['%s'] * len(values))})", values)
            else:
                conditions[facet] = self._facet_condition(facet, values)
        return conditions

    @staticmethod
    def _where(parts, conditions, leave_out=None):
        """``parts`` (sql, params) and every condition but ``leave_out``'s, ANDed."""
        chosen = [*parts, *(c for facet, c in conditions.items() if facet != leave_out)]
        return " AND ".join(sql for sql, _params in chosen), [
            p for _sql, params in chosen for p in params
        ]

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits matching the text and every filter; facets counted disjunctively: each facet
        with every filter except its own, so a value's count is what its click gives."""
        started = time.perf_counter()
        self._memo = {}
        try:
            return self._search(query, started)
        finally:
            self._memo = None

    def _search(self, query, started):
        parsed = parse(query.text, load_synonyms())
        results = SearchResults(query=query, total=0, hits=[], facets={}, backend=self.name)
        if parsed.is_empty:
            results.took_ms = (time.perf_counter() - started) * 1000
            return results
        conditions = self._conditions(query.filters)
        per_page = max(1, min(query.per_page, 100))
        offset = (max(1, query.page) - 1) * per_page
        rows = self._search_rows(parsed, query, conditions, per_page, offset)
        results.hits = rows.hits
        results.facets = self._facets(rows.facet_rows, query.filters, rows.facets_estimated)
        results.facets_estimated = rows.facets_estimated
        results.total = rows.total
        results.total_estimated = rows.total_estimated
        if results.total == 0:
            results.did_you_mean = self._did_you_mean(parsed)
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    @staticmethod
    def _with_national(hit, keys):
        hit.national = f"county={NATIONAL}" in (keys or "").split(FACET_SEPARATOR)
        return hit

    def _facets(self, rows, filters, estimated=False):
        from ...labels import facet_value_objects

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
        candidates = self._similar_words(word)
        return next((c for c in candidates if c != word and self._in_public_text(c)), None)

    def _in_public_text(self, word) -> bool:
        """Whether ``word`` stands as written in an indexed entry (only public content is
        indexed). The full-text index narrows the rows to those with its stem."""
        where, params = self._matching(*self._word_match(word))
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
        where, params = self._matching(*self._text_match(parsed))
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
        where, params = self._matching(*self._title_prefix_match(stems))
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
