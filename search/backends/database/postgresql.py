"""The database backend on PostgreSQL: full-text search with the ``swedish_folded``
configuration (unaccent, then Swedish stemming; migration 0004).

Each entry keeps a full weighted vector (matching, GIN), a small title-and-summary vector
(ranking, suggestions) and its facet keys in the row (filters, counts). A search is one
statement (plus two ``SET LOCAL``): hits with snippets, the exact total and the facet
counts, estimated on a sample above SEARCH_EXACT_FACETS_UP_TO matches. Synonym phrases are
indexed as single terms, so "RÖK" needs no re-reading of rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils.html import escape

from ...models import SearchEntry
from ...query import (
    Loose,
    analysed_text,
    compound_text,
    loan_forms,
    phrase_token,
    phrase_tokens,
    synonym_phrases,
    word_set,
)
from ..base import NATIONAL
from .base import START_SEL, STOP_SEL, SUGGESTION_CANDIDATES, DatabaseBackend, _hit

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
        computed |= {"head_phrases", "body_phrases"}
        stored = [name for name in columns if name not in computed]
        sql = (
            f"INSERT INTO search_searchentry ({', '.join(stored)}, rank_vector, search_vector) "
            f"SELECT {', '.join('v.' + n for n in stored)}, h.head, "
            f"h.head || setweight(to_tsvector('{PG_CONFIG}', {_split(_BODY)}), 'C') || "
            "setweight(array_to_tsvector(string_to_array(v.parts, ' ')), 'D') || "
            "setweight(array_to_tsvector(string_to_array(v.body_phrases, ' ')), 'C') "
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

    def _clear_rows(self):
        SearchEntry.objects.all()._raw_delete(using="default")

    # ---- the query model as a tsquery ----------------------------------------------------

    def _tsquery(self, parsed, for_matching=True):
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
        for excluded in parsed.excluded:
            sql, p = alternative(excluded)
            parts.append(f"(!!{sql})")
            params.extend(p)
        return " && ".join(parts), params

    def _text_match(self, parsed):
        tsquery, params = self._tsquery(parsed)
        return f"e.search_vector @@ ({tsquery})", params

    def _word_match(self, word):
        return f"e.search_vector @@ plainto_tsquery('{PG_CONFIG}', %s)", [analysed_text(word)]

    def _title_prefix_match(self, stems):
        expression = " & ".join(f"'{s}'" for s in stems[:-1])
        last = f"'{stems[-1]}':*A"
        expression = f"{expression} & {last}" if expression else last
        return "e.rank_vector @@ to_tsquery('simple', %s)", [expression]

    def _facet_condition(self, facet, values):
        """The facet keys kept in the row."""
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
        tsquery, tsparams = self._tsquery(parsed)
        headline, headline_params = self._tsquery(parsed, for_matching=False)
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
        options = (
            f"StartSel={START_SEL}, StopSel={STOP_SEL}, MaxFragments=1, MaxWords=35, "
            'MinWords=15, ShortWord=2, FragmentDelimiter=" … "'
        )
        # the page of a document that matched best stands for the document: its other
        # matching pages are counted ("n more pages"), and a document counts once
        sql = (
            "WITH m AS MATERIALIZED (SELECT x.id, x.source, x.date, x.facet_keys, "
            f"CASE WHEN {all_flags.replace('m.', 'x.')} THEN "
            f"COALESCE(ts_rank(x.rank_vector, ({tsquery}), 1), 0) END AS score"
            f"{''.join(f', x.f_{f}' for f in facets)} "
            f"FROM (SELECT e.id, e.source, e.date, e.facet_keys, e.rank_vector{flags} "
            f"FROM search_searchentry e WHERE e.search_vector @@ ({tsquery}) AND {unexpired}) x), "
            "mf AS (SELECT m.id, m.source, m.date, m.score, "
            'COUNT(*) OVER (PARTITION BY m.source COLLATE "C") AS pages '
            f"FROM m WHERE {all_flags}), "
            'g AS (SELECT DISTINCT ON (mf.source COLLATE "C") mf.id, mf.date, mf.score, '
            'mf.pages FROM mf ORDER BY mf.source COLLATE "C", CASE WHEN mf.pages > 1 THEN (SELECT '
            f"ts_rank(e.search_vector, ({tsquery})) FROM search_searchentry e "
            "WHERE e.id = mf.id) ELSE 0 END DESC, mf.id), "
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
            "e.facet_keys, t.pages, t.rn "
            f"FROM (SELECT *, row_number() OVER (ORDER BY {order}) AS rn FROM top) t "
            "JOIN search_searchentry e ON e.id = t.id "
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
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off"
            )
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
            hit = _hit(r[1:8], score=float(r[8] or 0), snippet=self._snippet(r[9]))
            hit.more_pages = max(0, (r[11] or 1) - 1)
            hits.append(self._with_national(hit, r[10]))
        return hits, facet_rows, total, estimated

    @staticmethod
    def _snippet(text):
        text = (text or "").replace(DIVISION_SLASH, SLASH)
        return escape(text).replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")
