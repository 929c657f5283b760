"""The database backend on PostgreSQL: full-text search with the ``swedish_folded``
configuration (unaccent, then Swedish stemming; migration 0004).

Each entry keeps a full weighted vector (matching, GIN), a small title-and-summary vector
(ranking, suggestions) and its facet keys in the row (filters, counts). A search is one
statement (plus two ``SET LOCAL``): hits with snippets, the exact total and the facet
counts, estimated on a sample above SEARCH_EXACT_FACETS_UP_TO matches. Synonym phrases are
indexed as single terms, so "RÖK" needs no re-reading of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils.html import escape

from ...models import SearchEntry
from ...query import (
    Loose,
    analysed_text,
    compound_text,
    loan_forms,
    pair_terms,
    phrase_pairs,
    phrase_token,
    phrase_tokens,
    synonym_phrases,
    words,
)
from ..base import NATIONAL
from .base import START_SEL, STOP_SEL, SUGGESTION_CANDIDATES, DatabaseBackend, Rows, _hit

PG_CONFIG = "swedish_folded"

# PostgreSQL's parser reads "KVOT/ABO" as one file path; a division slash (U+2215) in the
# analysed copy makes it two words, and is turned back into "/" in snippets.
SLASH, DIVISION_SLASH = "/", "\u2215"


def _split(sql_text: str) -> str:
    return f"translate({sql_text}, '{SLASH}', '{DIVISION_SLASH}')"


_TITLE, _BODY = "COALESCE(v.title_a, v.title)", "COALESCE(v.body_a, v.body)"
# ts_rank's weights for D, C, B, A: compound parts, body, summary and keywords, title
RANK_WEIGHTS = "'{0.05, 0.2, 0.5, 1.0}'"
# Matches ranked on the full weighted text; past this many (in title-and-summary order)
# the rest keep the cheaper title-and-summary rank.
RANKED_CANDIDATES = 300
# A result set estimated (from the sample) above SEARCH_EXACT_UP_TO matches: the entries
# ranked by title and summary, and how many of the best of them on the full weighted text.
CANDIDATES = 500
RERANKED = 60


@dataclass
class _Sample:
    matches: int  # text matches in the sample
    documents: int  # documents among them that pass every filter
    facet_rows: list  # (facet, value, count scaled up to the whole index)


def _about(number):
    """An estimate to two significant figures (97,856 → 98,000)."""
    return number if number < 100 else round(number, 2 - len(str(number)))


def _changed(text):
    analysed = analysed_text(text)
    return None if analysed == text else analysed


class PostgreSQLSearchBackend(DatabaseBackend):
    vendor = "postgresql"
    source_sql = "search_searchentry e"

    # ---- writing -------------------------------------------------------------------------

    def _insert(self, documents):
        """One INSERT … SELECT FROM unnest(…) computing both vectors in place, one for the
        vocabulary: two round trips per chunk.

        Synonym phrases found in the text are added as single terms (``phrase_token``), in
        both vectors when they stand in the title or summary, so that "RÖK", which also means
        "regional överenskommelse", is matched through the index without re-reading rows.
        """
        entries = [self._entry(d) for d in documents]
        # the words in the order the vectors are built: title, summary and the like, body
        sequences = [
            words(f"{e.title} {e.summary} {e.container_title} {e.keywords} {e.body}")
            for e in entries
        ]
        tokens = [set(sequence) for sequence in sequences]
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
            # what the parser is given (``analysed_text``); NULL where it is the text as stored
            "title_a": [_changed(e.title) for e in entries],
            "head_a": [
                analysed_text(f"{e.summary} {e.container_title} {e.keywords}") for e in entries
            ],
            "body_a": [_changed(e.body) for e in entries],
            "parts": [compound_text(tokens=t) for t in tokens],
            "head_phrases": [
                " ".join(phrase_tokens(f"{e.title} {e.summary} {e.keywords}", phrases))
                for e in entries
            ],
            "body_phrases": [" ".join(phrase_tokens(e.body, phrases)) for e in entries],
            "pairs": [" ".join(pair_terms(tokens=sequence)) for sequence in sequences],
        }
        types = {
            "date": "date[]",
            "page_number": "integer[]",
            "expires_at": "timestamptz[]",
            "page_id": "integer[]",
        }
        unnest = ", ".join(f"%s::{types.get(name, 'text[]')}" for name in columns)
        names = ", ".join(columns)
        computed = {"keywords", "title_a", "head_a", "body_a", "parts"}
        computed |= {"head_phrases", "body_phrases", "pairs"}
        stored = [name for name in columns if name not in computed]
        sql = (
            f"INSERT INTO search_searchentry ({', '.join(stored)}, rank_vector, search_vector, "
            "pair_vector) "
            f"SELECT {', '.join('v.' + n for n in stored)}, h.head, "
            f"h.head || setweight(to_tsvector('{PG_CONFIG}', {_split(_BODY)}), 'C') || "
            "setweight(array_to_tsvector(string_to_array(v.parts, ' ')), 'D') || "
            "setweight(array_to_tsvector(string_to_array(v.body_phrases, ' ')), 'C'), "
            "array_to_tsvector(string_to_array(v.pairs, ' ')) "
            f"FROM unnest({unnest}) AS v({names}) "
            "CROSS JOIN LATERAL (SELECT "
            f"setweight(to_tsvector('{PG_CONFIG}', {_split(_TITLE)}), 'A') || "
            f"setweight(to_tsvector('{PG_CONFIG}', {_split('v.head_a')}), 'B') || "
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

    def _delete_ids(self, ids):
        SearchEntry.objects.filter(pk__in=ids)._raw_delete(using="default")

    def _entry_terms(self, sources):
        """The first letters of each entry's lexemes, and a digest of its columns and vectors."""
        columns = ", ".join(
            f"e.{name}::text"
            for name in (
                "kind", "title", "summary", "body", "url", "date", "language", "page_number",
                "container_title", "facet_keys", "expires_at", "page_id", "search_vector",
                "rank_vector", "pair_vector",
            )
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.source, e.key, md5(concat_ws(E'\\x1f', {columns})), "
                "ARRAY(SELECT DISTINCT left(lexeme, 3) "
                "FROM unnest(tsvector_to_array(e.search_vector)) AS lexeme) "
                "FROM search_searchentry e WHERE e.source = ANY(%s)",
                [list(sources)],
            )
            return cursor.fetchall()

    def _clear_rows(self):
        SearchEntry.objects.all()._raw_delete(using="default")

    # ---- the query model as a tsquery ----------------------------------------------------

    def _tsquery(self, parsed, for_matching=True, with_excluded=True):
        """The tsquery as SQL with its parameters, of the words as the index analysed them
        (``analysed_text``). For matching, a synonym phrase that every entry carries as one
        term is looked up as that term. Snippets use the words, and every form of a
        loanword, since ``ts_headline`` reads the text as stored."""
        trusted = self.trusted_phrases() if for_matching else frozenset()

        def alternative(words_):
            text = " ".join(words_)
            if isinstance(words_, Loose):
                return f"plainto_tsquery('{PG_CONFIG}', %s)", [analysed_text(text)]
            if len(words_) > 1 and text in trusted:
                return "to_tsquery('simple', %s)", [phrase_token(tuple(words_))]
            if for_matching:
                return f"phraseto_tsquery('{PG_CONFIG}', %s)", [analysed_text(text)]
            forms = loan_forms(text) if len(words_) == 1 else [text]
            forms = list(dict.fromkeys([analysed_text(text), *forms]))
            sql = " || ".join([f"phraseto_tsquery('{PG_CONFIG}', %s)"] * len(forms))
            return f"({sql})", forms

        parts, params = [], []
        for clause in parsed.clauses:
            alternatives = [alternative(alt) for alt in clause]
            parts.append("(" + " || ".join(a[0] for a in alternatives) + ")")
            for a in alternatives:
                params.extend(a[1])
        for excluded in parsed.excluded if with_excluded else []:
            sql, p = alternative(excluded)
            parts.append(f"(!!{sql})")
            params.extend(p)
        return " && ".join(parts), params

    def _pair_query(self, parsed):
        """A tsquery of pair terms every match must hold (``pair_vector``), or None: for each
        clause whose alternatives are all phrases of two or more searchable words, any
        alternative's pairs. Used only once every entry carries its pairs."""
        if not self.pairs_indexed():
            return None
        trusted = self.trusted_phrases()
        clauses = []
        for clause in parsed.clauses:
            alternatives = []
            for alt in clause:
                pairs = [] if isinstance(alt, Loose) or " ".join(alt) in trusted else None
                pairs = phrase_pairs(tuple(alt)) if pairs is None else pairs
                if not pairs:
                    break
                alternatives.append("(" + " & ".join(f"'{p}'" for p in pairs) + ")")
            else:
                clauses.append("(" + " | ".join(alternatives) + ")")
        return " & ".join(clauses) or None

    def _match(self, parsed, alias="e"):
        """The condition, with its parameters, that entry ``alias`` matches the query: its
        full vector, after its pair terms where the query has phrases (so that only rows
        holding the phrase are re-read to check word positions)."""
        tsquery, params = self._tsquery(parsed)
        sql = f"{alias}.search_vector @@ ({tsquery})"
        pairs = self._pair_query(parsed)
        if pairs:
            return f"{alias}.pair_vector @@ %s::tsquery AND {sql}", [pairs, *params]
        return sql, params

    def _text_match(self, parsed):
        return self._match(parsed)

    def _word_match(self, word):
        return f"e.search_vector @@ plainto_tsquery('{PG_CONFIG}', %s)", [analysed_text(word)]

    def _title_prefix_match(self, stems):
        expression = " & ".join(f"'{s}'" for s in stems[:-1])
        last = f"'{stems[-1]}':*A"
        expression = f"{expression} & {last}" if expression else last
        return "e.rank_vector @@ to_tsquery('simple', %s)", [expression]

    def _facet_condition(self, facet, values):
        """The facet keys kept in the row; a year is the entry's date in that year, which the
        date index finds."""
        if facet == "year" and all(str(v).isdigit() and 1 <= int(v) <= 9998 for v in values):
            ranges = " OR ".join(["(e.date >= %s AND e.date < %s)"] * len(values))
            bounds = [
                bound
                for v in values
                for bound in (datetime.date(int(v), 1, 1), datetime.date(int(v) + 1, 1, 1))
            ]
            return f"({ranges})", bounds
        return (
            "string_to_array(e.facet_keys, E'\\x1f') && %s::text[]",
            [[f"{facet}={value}" for value in values]],
        )

    def _similar_words(self, word):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_searchterm WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, SUGGESTION_CANDIDATES],
            )
            return [row[0] for row in cursor.fetchall()]

    def _search_rows(self, parsed, query, conditions, per_page, offset):
        """The matches of the sample (migration 0007) tell how large the result set is. Up
        to SEARCH_EXACT_UP_TO estimated matches every match is ranked and counted
        (``_exact_rows``); above it the total and the facets are the sample's, scaled up and
        shown as estimates, and only a capped set of candidates is ranked
        (``_capped_rows``), so a word found in nearly every entry costs about what a rare
        one does."""
        sample = self._sample_rows(parsed, conditions)
        if sample.matches * self.sample_scale <= settings.SEARCH_EXACT_UP_TO:
            return self._exact_rows(parsed, query, conditions, per_page, offset)
        return self._capped_rows(parsed, query, conditions, per_page, offset, sample)

    # the sample: one entry in 64, with its own partial index (migration 0007)
    sample_condition = "e.id %% 1024 < 16"
    sample_scale = 64

    @staticmethod
    def _flags(conditions):
        """One boolean column per filtered facet, and the facet counting condition: a
        facet's values are counted over the rows that pass every *other* filter
        (disjunctive faceting, so a count is what its click gives)."""
        facets = list(conditions)
        flags = "".join(f", ({conditions[f][0]}) AS f_{f}" for f in facets)
        params = [p for f in facets for p in conditions[f][1]]

        def others(facet):
            return " AND ".join(f"c.f_{f}" for f in facets if f != facet) or "TRUE"

        own = " ".join(f"WHEN '{f}' THEN {others(f)}" for f in facets)
        count_when = f"CASE split_part(k.key, '=', 1) {own} ELSE {others(None)} END"
        # every filter passed, on rows named ``c`` (as in each statement that uses it)
        all_flags = " AND ".join(f"c.f_{f}" for f in facets) or "TRUE"
        return flags, params, (count_when if facets else "TRUE"), all_flags

    def _sample_rows(self, parsed, conditions):
        """The text matches among the sample: how many, how many documents pass every filter,
        and the facet counts among them (cheap: at most one entry in 64 is read)."""
        match, match_params = self._match(parsed)
        unexpired, unexpired_params = self._unexpired_sql()
        flags, flag_params, count_when, all_flags = self._flags(conditions)
        sql = (
            f"WITH s AS MATERIALIZED (SELECT e.source, e.facet_keys{flags} "
            f"FROM search_searchentry e WHERE {self.sample_condition} "
            f"AND {match} AND {unexpired}) "
            # part 1: facet counts; 2: the text matches and the documents passing every filter
            "SELECT 1, k.key, COUNT(DISTINCT c.source), NULL "
            "FROM s c, unnest(string_to_array(c.facet_keys, E'\\x1f')) AS k(key) "
            f"WHERE {count_when} GROUP BY k.key "
            "UNION ALL SELECT 2, NULL, COUNT(*), "
            f"COUNT(DISTINCT c.source) FILTER (WHERE {all_flags}) FROM s c"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, [*flag_params, *match_params, *unexpired_params])
            rows = cursor.fetchall()
        _, _, matches, documents = next(row for row in rows if row[0] == 2)
        facet_rows = []
        for part, key, count, _ in rows:
            if part == 1 and key:
                facet, _, value = key.partition("=")
                facet_rows.append((facet, value, count * self.sample_scale))
        return _Sample(matches=matches, documents=documents, facet_rows=facet_rows)

    def _headline(self, parsed):
        """The snippet: the best passage of the body when the body matched, else of the
        summary; with its parameters."""
        headline, params = self._tsquery(parsed, for_matching=False)
        options = (
            f"StartSel={START_SEL}, StopSel={STOP_SEL}, MaxFragments=1, MaxWords=35, "
            'MinWords=15, ShortWord=2, FragmentDelimiter=" … "'
        )
        sql = (
            f"CASE WHEN e.body <> '' AND ts_filter(e.search_vector, '{{c}}') @@ ({headline}) "
            f"THEN ts_headline('{PG_CONFIG}', {_split('e.body')}, ({headline}), %s) "
            f"ELSE ts_headline('{PG_CONFIG}', {_split('e.summary')}, ({headline}), %s) END"
        )
        return sql, [*params, *params, options, *params, options]

    def _hits(self, rows):
        """Hits from rows of key, kind, title, url, date, page number, container title,
        score, snippet, facet keys, pages."""
        hits = []
        for r in rows:
            hit = _hit(r[:7], score=float(r[7] or 0), snippet=self._snippet(r[8]))
            hit.more_pages = max(0, (r[10] or 1) - 1)
            hits.append(self._with_national(hit, r[9]))
        return hits

    @staticmethod
    def _national_tier(conditions):
        """Under a county filter, national content is kept but listed after the county's own."""
        if "county" not in conditions:
            return "0"
        return f"CASE WHEN e.facet_keys LIKE '%%county={NATIONAL}%%' THEN 1 ELSE 0 END"

    def _capped_rows(self, parsed, query, conditions, per_page, offset, sample):
        """A very large result set: the total and facets from the sample, scaled up; the hits
        from a capped set of candidates. By relevance the candidates are the first
        CANDIDATES entries (in table order) that hold the query in their title, summary or
        keywords, ranked there and the best RERANKED of them on the full weighted text; only
        if they are too few for the page do entries matching in the body alone fill up. By
        date they are the newest matches. Either way each document is one hit, its other
        matching pages counted."""
        tsquery, tsparams = self._tsquery(parsed)
        match, match_params = self._match(parsed)
        unexpired, unexpired_params = self._unexpired_sql()
        where, where_params = self._where([], conditions)
        where = where or "TRUE"
        needed = offset + per_page
        tier = self._national_tier(conditions)
        if query.sort == "date":
            candidates = (
                f"cand AS MATERIALIZED (SELECT e.id, e.source, e.date, 0::real AS score, "
                f"{tier} AS tier FROM search_searchentry e WHERE {where} AND {unexpired} "
                f"AND {match} ORDER BY e.date DESC NULLS LAST, e.id LIMIT %s), "
            )
            candidate_params = [*where_params, *unexpired_params, *match_params, 2 * needed]
            order = "date DESC NULLS LAST, id"
            final_order = "t.date DESC NULLS LAST, t.id"
            ranked = "top AS (SELECT g.* FROM g "
            ranked_params = []
        else:
            positive, positive_params = self._tsquery(parsed, with_excluded=False)
            excluded = f"AND {match} " if parsed.excluded else ""
            excluded_params = match_params if parsed.excluded else []
            head = (
                f"SELECT e.id, e.source, e.date, ts_rank(e.rank_vector, ({tsquery}), 1) AS "
                f"score, {tier} AS tier FROM search_searchentry e "
            )
            candidates = (
                f"head AS MATERIALIZED ({head}WHERE e.rank_vector @@ ({positive}) {excluded}"
                f"AND {where} AND {unexpired} LIMIT %s), "
                f"body AS MATERIALIZED ({head}WHERE (SELECT COUNT(*) FROM head) < %s "
                f"AND {match} AND NOT e.rank_vector @@ ({positive}) "
                f"AND {where} AND {unexpired} LIMIT %s), "
                "cand AS (SELECT * FROM head UNION ALL SELECT * FROM body), "
            )
            head_params = [*tsparams, *positive_params, *excluded_params]
            candidate_params = [
                *head_params,
                *where_params,
                *unexpired_params,
                max(CANDIDATES, 2 * needed),
                *tsparams,
                needed * 2,
                *match_params,
                *positive_params,
                *where_params,
                *unexpired_params,
                2 * needed,
            ]
            order = "tier, score DESC, date DESC NULLS LAST, id"
            final_order = "t.tier, t.score DESC, t.date DESC NULLS LAST, t.id"
            ranked = (
                "best AS (SELECT g.* FROM g ORDER BY tier, score DESC, date DESC NULLS LAST, "
                "id LIMIT %s), "
                "top AS (SELECT b.id, b.source, b.date, b.tier, "
                f"ts_rank({RANK_WEIGHTS}, e.search_vector, ({tsquery}), 1) AS score "
                "FROM best b JOIN search_searchentry e ON e.id = b.id "
            )
            ranked_params = [max(RERANKED, needed), *tsparams]
        headline, headline_params = self._headline(parsed)
        sql = (
            f"WITH {candidates}"
            'g AS (SELECT DISTINCT ON (c.source COLLATE "C") c.* FROM cand c '
            'ORDER BY c.source COLLATE "C", c.score DESC, c.id), '
            f"{ranked}ORDER BY {order} LIMIT %s OFFSET %s) "
            "SELECT e.key, e.kind, e.title, e.url, e.date, e.page_number, e.container_title, "
            f"t.score, {headline}, e.facet_keys, (SELECT COUNT(*) FROM search_searchentry p "
            f"WHERE p.source = t.source AND {self._match(parsed, 'p')[0]}) "
            f"FROM top t JOIN search_searchentry e ON e.id = t.id ORDER BY {final_order}"
        )
        params = [*candidate_params, *ranked_params, per_page, offset]
        params += [*headline_params, *match_params]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off"
            )
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hits = self._hits(rows)
        total = max(_about(sample.documents * self.sample_scale), offset + len(hits))
        return Rows(hits, sample.facet_rows, total, facets_estimated=True, total_estimated=True)

    def _exact_rows(self, parsed, query, conditions, per_page, offset):
        """One statement: the text matches with their rank (from the small title-and-summary
        vector), facet keys and one flag per filtered facet are materialised once; the page
        of hits (snippets for those rows only) and the exact total are read from the matches
        whose flags are all true, and each facet is counted over the matches whose *other*
        flags are true.

        The tsquery is written out where it is used (not read from a CTE) so the planner can
        estimate the matches, and sequential scans are off for the statement: the planner
        does not price unpacking a stored vector, and would otherwise test every row's vector
        instead of reading the matches from the GIN index.
        """
        tsquery, tsparams = self._tsquery(parsed)
        match, match_params = self._match(parsed)
        unexpired, unexpired_params = self._unexpired_sql()
        flags, flag_params, count_when, all_flags = self._flags(conditions)
        facets = list(conditions)
        national_tier = self._national_tier(conditions)
        if query.sort == "date":
            order = "date DESC NULLS LAST, score DESC, id"
            ranked = f"top AS (SELECT id, score, date, 0 AS tier, pages FROM g ORDER BY {order} "
            ranked_params = []
        else:
            # the best RANKED_CANDIDATES by title and summary, ranked on the full weighted
            # text; any further pages keep the title-and-summary order after them
            order = "tier, score DESC, date DESC NULLS LAST, id"
            ranked = (
                "cand AS (SELECT id, date, pages FROM g "
                "ORDER BY score DESC, date DESC NULLS LAST, id "
                f"LIMIT {RANKED_CANDIDATES}), "
                "top AS (SELECT * FROM (SELECT c.id, "
                f"ts_rank({RANK_WEIGHTS}, e.search_vector, ({tsquery}), 1) AS score, "
                f"c.date, {national_tier} AS tier, c.pages FROM cand c "
                "JOIN search_searchentry e ON e.id = c.id "
                "UNION ALL SELECT g.id, g.score, g.date, 2, g.pages FROM g "
                f"WHERE %s > {RANKED_CANDIDATES} AND g.id NOT IN (SELECT id FROM cand)) pool "
                f"ORDER BY {order} "
            )
            ranked_params = [*tsparams, offset + per_page]
        headline, headline_params = self._headline(parsed)
        # the page of a document that matched best stands for the document: its other
        # matching pages are counted ("n more pages"), and a document counts once
        sql = (
            "WITH m AS MATERIALIZED (SELECT c.id, c.source, c.date, c.facet_keys, "
            f"CASE WHEN {all_flags} THEN "
            f"COALESCE(ts_rank(c.rank_vector, ({tsquery}), 1), 0) END AS score"
            f"{''.join(f', c.f_{f}' for f in facets)} "
            f"FROM (SELECT e.id, e.source, e.date, e.facet_keys, e.rank_vector{flags} "
            f"FROM search_searchentry e WHERE {match} AND {unexpired}) c), "
            "mf AS (SELECT c.id, c.source, c.date, c.score, "
            'COUNT(*) OVER (PARTITION BY c.source COLLATE "C") AS pages '
            f"FROM m c WHERE {all_flags}), "
            'g AS (SELECT DISTINCT ON (mf.source COLLATE "C") mf.id, mf.date, mf.score, '
            'mf.pages FROM mf ORDER BY mf.source COLLATE "C", CASE WHEN mf.pages > 1 THEN (SELECT '
            f"ts_rank(e.search_vector, ({tsquery})) FROM search_searchentry e "
            "WHERE e.id = mf.id) ELSE 0 END DESC, mf.id), "
            "n AS (SELECT (SELECT COUNT(*) FROM g) AS total), "
            f"{ranked}LIMIT %s OFFSET %s) "
            # part 0: the page of hits, in rank order (rn); 1: facet counts; 2: the total
            "SELECT 0 AS part, e.key, e.kind, e.title, e.url, e.date, e.page_number, "
            f"e.container_title, t.score, {headline}, e.facet_keys, t.pages, t.rn "
            f"FROM (SELECT *, row_number() OVER (ORDER BY {order}) AS rn FROM top) t "
            "JOIN search_searchentry e ON e.id = t.id "
            "UNION ALL "
            # a document counts once: its pages share its facet keys, so one row per source
            "SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, k.key, "
            'COUNT(*), NULL FROM (SELECT DISTINCT ON (m.source COLLATE "C") m.* FROM m '
            'ORDER BY m.source COLLATE "C") c, '
            "unnest(string_to_array(c.facet_keys, E'\\x1f')) AS k(key) "
            f"WHERE {count_when} GROUP BY k.key "
            "UNION ALL "
            "SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, n.total, "
            "NULL FROM n ORDER BY 1, 13"
        )
        params = [*tsparams, *flag_params, *match_params, *unexpired_params, *tsparams]
        params += [*ranked_params, per_page, offset, *headline_params]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off"
            )
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = next(r[11] for r in rows if r[0] == 2)
        facet_rows = []
        for row in rows:
            if row[0] == 1 and row[10]:
                facet, _, value = row[10].partition("=")
                facet_rows.append((facet, value, row[11]))
        hits = self._hits([(*r[1:10], r[10], r[11]) for r in rows if r[0] == 0])
        return Rows(hits, facet_rows, total)

    @staticmethod
    def _snippet(text):
        text = (text or "").replace(DIVISION_SLASH, SLASH)
        return escape(text).replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")
