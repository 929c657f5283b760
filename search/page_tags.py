"""Which kept search pages an index write can change: search pages as rows of the page cache
(``portal.page_cache.depends_on``), so that an edit purges the searches it can alter and no
others.

A search page shows the entries its words match (hits, totals, facet counts, snippets), so a
write can change it only if an entry written matched it before or matches it now. Both sides
are reduced to one coarse key per word: its first three letters, lower-cased and folded
(``term_key``). Every analysis step keeps that key: the Swedish Snowball stemmer removes
endings only inside its R1 region, which never starts before the fourth letter; a loanword's
plural is written as its singular (an ending again); compound parts are indexed as terms of
their own; diacritics are folded alike on both sides. So a query word and an indexed term that
match share their key.

- A search page depends on the keys of every word it searches for, alternatives, synonyms and
  excluded words included (``SearchPage.declare``).
- A write purges the keys of every term the written entries held before and hold after,
  read from the index itself (``DatabaseBackend`` calls ``written``).
- Some pages depend on every write (``ANY_WRITE``): a search that found nothing (its "did
  you mean" reads the whole vocabulary), the empty search, title suggestions, every page while
  another backend than the database answers (Elasticsearch analyses text itself), and a word
  with a letter folding may not make plain (PostgreSQL's unaccent could fold it otherwise).
- A rebuild, a cleared index or changed synonyms purge every search page (``everything_written``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from portal.page_cache import depends_on, forget, purge_on_commit, tag

from .query import fold, load_synonyms, parse, words

KEY_LETTERS = 3
SEARCH_PATHS = "/sok/*"
ANY_WRITE = tag("search", "any-write")
# words as the databases' own parsers may split them: at underscores as well
_PARTS = re.compile(r"[^\W_]+")


def term_key(word: str) -> str:
    """``Språkcaféer`` → ``spr``: the key a word and every term analysed from it share."""
    return fold(word.lower())[:KEY_LETTERS]


def keys_of(text: str) -> set[str]:
    """The keys of every word in ``text`` (``search.query.words``), and of its parts between
    underscores, where the databases' own parsers split it."""
    return {term_key(word) for word in words(text)} | {
        term_key(part) for part in _PARTS.findall(text.lower())
    }


def _plain(key: str) -> bool:
    return not any(char.isalpha() and not char.isascii() for char in key)


def term_tag(key: str) -> str:
    return tag("search-term", key)


def written(keys: Iterable[str]):
    """An index write changed entries holding terms with these keys (before or after)."""
    purge_on_commit({ANY_WRITE, *(term_tag(key) for key in keys)})


def everything_written():
    """The whole index may have changed (rebuild, clear, new synonyms)."""
    purge_on_commit({SEARCH_PATHS})


def database_answers() -> bool:
    """Whether the database backend answers searches (no other backend is configured)."""
    from .backends import configured_name

    return configured_name() == "database"


class SearchPage:
    """What one search page depends on: declared before the search runs (so that a write
    committing meanwhile purges the copy), narrowed once the answer is known."""

    def __init__(self, text: str):
        self.words_suffice = False
        self.tags = {ANY_WRITE}
        if not text or not database_answers():
            return
        parsed = parse(text, load_synonyms())
        phrases = [alt for clause in parsed.clauses for alt in clause] + list(parsed.excluded)
        keys = {key for phrase in phrases for key in keys_of(" ".join(phrase))}
        if not keys:
            return
        self.tags |= {term_tag(key) for key in keys}
        self.words_suffice = all(_plain(key) for key in keys)

    def declare(self, request):
        depends_on(request, self.tags)

    def answered(self, request, results):
        """A search that found something shows only what its words match."""
        if self.words_suffice and results is not None and results.total:
            forget(request, {ANY_WRITE})
