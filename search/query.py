"""Turning what a visitor typed into a safe, structured query, and Swedish text helpers.

User syntax never reaches the database: the text is cleaned, cut, split into tokens and
rebuilt as ``ParsedQuery`` – clauses that must all match, each a set of alternatives (a
word or a phrase), plus phrases to exclude. Backends render that structure with bound
parameters (PostgreSQL) or quoted FTS5 strings (SQLite).
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12

WORD_RE = re.compile(r"\w+", re.UNICODE)
# control characters, lone surrogates, private use and non-characters
_JUNK_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff]")

# Parts Swedish compounds in this domain are built from (shared with the Elasticsearch
# decompounder); a word that contains one also indexes the part's stem.
try:  # the list lives with the Elasticsearch mapping; keep working without it
    from .es_mapping import COMPOUND_PARTS
except Exception:  # pragma: no cover
    COMPOUND_PARTS = ("flykting", "kvot", "överenskommelse", "samverkan", "mottagande")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("swedish")


# letters PostgreSQL's unaccent folds that do not decompose in Unicode
_FOLD_EXTRA = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d"})
_FOLD_EXTRA_RE = re.compile(f"[{''.join(map(chr, _FOLD_EXTRA))}]")


def fold(text: str) -> str:
    """``text`` without diacritics (å, ä → a; ö → o; é → e), as PostgreSQL's unaccent and
    Elasticsearch's asciifolding fold it: people often type Swedish without them."""
    if text.isascii():
        return text
    if _FOLD_EXTRA_RE.search(text):
        text = text.translate(_FOLD_EXTRA)
    return _combining_marks().sub("", unicodedata.normalize("NFKD", text))


@lru_cache(maxsize=1)
def _combining_marks() -> re.Pattern:
    """Every combining mark, as one character class (a character at a time in Python was
    most of the time spent indexing a long text)."""
    marks = [cp for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))]
    ranges, start = [], marks[0]
    for previous, current in zip(marks, [*marks[1:], None], strict=True):
        if current is None or current != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = current
    return re.compile(f"[{''.join(ranges)}]")


# Loanwords whose plural or definite form Snowball stems apart from the singular: a stem
# ending in é (or e) takes -er/-erna/-et ("språkcafé", "språkcaféer", "språkcaféet"), one
# ending in -or/-ör takes -er/-erna ("mentor", "mentorer", "mentorerna"; Snowball cuts
# "mentor" to "ment" but "mentorer" to "mentor"). Such a form is analysed as its singular
# on both databases, so every form finds every other. The stem before the ending must be
# long enough that native words ("körer", "störer") keep theirs.
_LOAN_FORM = r"(\w{2,}[eé]|\w{3,}[oö]r)(?:ernas|erna|ers|er|ets|et)"
_LOAN_WORD_RE = re.compile(_LOAN_FORM, re.IGNORECASE)
_LOAN_TEXT_RE = re.compile(rf"\b{_LOAN_FORM}\b", re.IGNORECASE)


def loan_base(word: str) -> str:
    """``word`` as its singular when it is such a loanword form, else unchanged."""
    match = _LOAN_WORD_RE.fullmatch(word)
    return match.group(1) if match else word


def loan_forms(word: str) -> list[str]:
    """Every form of ``word``'s loanword family as written ("mentor", "mentorer"), for
    marking them in text analysed without ``analysed_text``; else just ``word``."""
    base = loan_base(word)
    if not _LOAN_WORD_RE.fullmatch(base + "er"):
        return [word]
    return list(dict.fromkeys([word, base, base + "er", base + "et"]))


def analysed_text(text: str) -> str:
    """``text`` with every such loanword form written as its singular: what PostgreSQL's
    parser and stemmer are given, in the index and in queries (SQLite's ``stem`` does the
    same word by word)."""
    return _LOAN_TEXT_RE.sub(r"\1", text) if text else text


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The folded Swedish stem: what both database indexes hold and queries are matched by."""
    return _stemmer().stemWord(fold(loan_base(word.lower())))


def clean(text: str) -> str:
    """Text without NUL or other control characters, NFC-normalised, whitespace collapsed."""
    text = _JUNK_RE.sub(" ", str(text or ""))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return WORD_RE.findall((text or "").lower())


def word_set(text: str) -> set[str]:
    return set(WORD_RE.findall((text or "").lower()))


@lru_cache(maxsize=1)
def _compound_stems():
    return sorted({stem(part) for part in COMPOUND_PARTS if len(part) >= 4}, key=len, reverse=True)


@lru_cache(maxsize=50000)
def compound_parts(word: str) -> list[str]:
    """Stems of known parts inside a longer word ("kvotflyktingar" → kvot, flykting)."""
    word = fold(word.lower())
    if len(word) < 8:
        return []
    found = []
    for part in _compound_stems():
        if len(part) < len(word) - 2 and part in word and part not in found:
            found.append(part)
    return found


def stemmed_text(text: str, decompound: bool = True) -> str:
    """The stemmed form of ``text`` the SQLite index holds; compound parts are appended."""
    out = []
    extra = []
    for word in words(text):
        out.append(stem(word))
        if decompound:
            extra.extend(compound_parts(word))
    return " ".join(out + extra)


def compound_text(text: str = "", tokens: set[str] | None = None) -> str:
    """The stems of the compound parts in ``text`` (or its already split ``tokens``), each
    once, sorted: the same input gives the same index whatever the hash seed. PostgreSQL
    indexes them with the lowest weight and no positions, so no phrase is made of them."""
    parts = set()
    for word in word_set(text) if tokens is None else tokens:
        if len(word) >= 8:
            parts.update(compound_parts(word))
    return " ".join(sorted(parts))


# Neighbouring word pairs as single index terms (PostgreSQL's ``pair_vector``): each pair
# "stem stem" hashed into one of PAIR_BUCKETS terms ("p" and five hex digits). A term may
# stand for other pairs too (about a dozen per term at 100,000 documents), which the word
# positions checked after it sort out; buckets keep the index a fraction of its size with
# one term per pair.
PAIR_BUCKETS = 1 << 20
# PostgreSQL keeps word positions up to 16,383; past that no phrase is found, so no pair is
# needed either.
MAX_PAIR_WORDS = 16_383


def _pair_term(first: str, second: str) -> str:
    return f"p{zlib.crc32(f'{first} {second}'.encode()) % PAIR_BUCKETS:05x}"


def pair_terms(text: str = "", tokens: list[str] | None = None) -> set[str]:
    """The term of every pair of neighbouring words in ``text`` (or its already split
    ``tokens``). A stopword between two words breaks the pair, as it does for PostgreSQL's
    phrase search. (A set: PostgreSQL sorts a vector's terms, so the same text gives the same
    index whatever the hash seed; the buckets come from CRC-32, the same in every process.)"""
    tokens = (words(text) if tokens is None else tokens)[:MAX_PAIR_WORDS]
    stems = {w: None if w in STOPWORDS else stem(w) for w in set(tokens)}
    sequence = [stems[w] for w in tokens]
    return {_pair_term(a, b) for a, b in zip(sequence, sequence[1:], strict=False) if a and b}


def phrase_pairs(phrase: tuple[str, ...]) -> list[str]:
    """The pair terms every text holding ``phrase`` holds (none when the phrase has no two
    neighbouring searchable words)."""
    return sorted(pair_terms(" ".join(phrase))) if len(phrase) > 1 else []


# PostgreSQL's Swedish stopword list (Snowball's): words too common to search for.
STOPWORDS = frozenset(
    """och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom mellan
    sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era
    vilkas""".split()  # noqa: SIM905
)


class Loose(tuple):
    """An alternative whose words must all occur, anywhere (not as a phrase): a multi-word
    synonym typed without quotes ("svenska för invandrare")."""

    def content_words(self):
        return [w for w in self if w not in STOPWORDS] or list(self)


@dataclass
class ParsedQuery:
    """The one query model every backend renders.

    ``clauses`` must all match; each is a list of alternatives: a tuple of words is a phrase
    (one word: a word), a ``Loose`` tuple is words that must all occur anywhere. ``excluded``
    phrases must not occur. ``stopwords`` are the very common words left out; when only they
    were typed, ``only_stopwords`` is true and nothing is searched.
    """

    clauses: list[list[tuple[str, ...]]] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)
    text: str = ""
    truncated: bool = False
    stopwords: list[str] = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.clauses

    @property
    def only_stopwords(self):
        return not self.clauses and bool(self.stopwords)

    def positive_words(self):
        return [
            w
            for clause in self.clauses
            for alt in clause
            for w in (alt.content_words() if isinstance(alt, Loose) else alt)
        ]


_TOKEN_RE = re.compile(r'([-!]?)"([^"]*)"?|(\S+)')
_OPERATOR_RE = re.compile(r"(\|+|&+)")
OR_WORDS = {"OR", "|", "||"}
AND_WORDS = {"AND", "&", "&&"}
MAX_SYNONYM_WORDS = 6


def _tokens(text):
    """("word", w) / ("phrase", words) / ("not", words) / ("or",), in the order typed.

    What people type from other search boxes is read as they mean it: ``OR``, ``|`` and
    ``||`` join alternatives; ``AND``, ``&`` and ``&&`` are just "and", which words already
    are; ``-`` and ``!`` before a word or a quoted phrase exclude it. Every other operator
    (``:`` ``*`` ``<`` ``>`` ``~`` ``^`` …) is punctuation and vanishes with it.
    """
    for match in _TOKEN_RE.finditer(text):
        negative, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is None:
            tokens = tuple(words(phrase))
            if tokens:
                yield ("not", tokens) if negative else ("phrase", tokens)
            continue
        if bare in OR_WORDS:
            yield ("or",)
            continue
        if bare in AND_WORDS:
            continue
        for piece in _OPERATOR_RE.split(bare):
            if piece.startswith("|"):
                yield ("or",)
                continue
            if not piece or piece.startswith("&"):
                continue
            tokens = tuple(words(piece))
            if not tokens:
                continue
            if piece[0] in "-!" and len(piece) > 1:
                yield ("not", tokens)
            else:
                for token in tokens:
                    yield ("word", token)


def _group_synonyms(tokens, synonyms):
    """Runs of plain words that spell a multi-word synonym (folded: "svenska for invandrare")
    become one ``Loose`` alternative, expanded like a quoted synonym."""
    if not synonyms:
        return tokens
    keys = {fold(key) for key in synonyms if " " in key}
    if not keys:
        return tokens
    out, i = [], 0
    while i < len(tokens):
        for n in range(min(MAX_SYNONYM_WORDS, len(tokens) - i), 1, -1):
            run = tokens[i : i + n]
            if all(t[0] == "word" for t in run) and fold(" ".join(t[1] for t in run)) in keys:
                out.append(("loose", Loose(t[1] for t in run)))
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def parse(
    text: str,
    synonyms: dict[str, list[tuple[str, ...]]] | None = None,
    keep_stopwords: bool = False,
) -> ParsedQuery:
    """What a visitor typed as a ``ParsedQuery``: quoted phrases, ``OR`` (or ``|``),
    ``-``/``!`` exclusion; everything else a plain word. Unbalanced quotes close at the end.
    A plain word that is a stopword is left out (PostgreSQL would drop it; SQLite would
    demand it), unless ``keep_stopwords`` (Elasticsearch's analyzer drops them itself)."""
    text = clean(text)
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH]
    parsed = ParsedQuery(text=text, truncated=truncated)
    pending_or = False
    for token in _group_synonyms(list(_tokens(text)), synonyms):
        if token[0] == "or":
            pending_or = bool(parsed.clauses)
            continue
        if token[0] == "not":
            parsed.excluded.append(token[1])
            pending_or = False
            continue
        alternative = token[1] if token[0] != "word" else (token[1],)
        if token[0] == "word" and token[1] in STOPWORDS and not keep_stopwords:
            parsed.stopwords.append(token[1])
            continue
        if pending_or and parsed.clauses:
            parsed.clauses[-1].append(alternative)
            pending_or = False
        else:
            parsed.clauses.append([alternative])
    parsed.clauses = parsed.clauses[:MAX_CLAUSES]
    parsed.excluded = parsed.excluded[:MAX_CLAUSES]
    if synonyms:
        expand(parsed, synonyms)
    return parsed


def expand(parsed: ParsedQuery, synonyms: dict[str, list[tuple[str, ...]]]) -> None:
    """Add each clause's synonyms as alternatives (RÖK also finds "regional överenskommelse";
    the quoted phrase "lokal överenskommelse" also finds LÖK)."""
    folded = {}
    for key in synonyms:
        folded.setdefault(fold(key), []).append(key)
    for clause in parsed.clauses:
        for alternative in list(clause):
            typed = " ".join(alternative)
            for key in [typed] if typed in synonyms else folded.get(fold(typed), []):
                for other in [tuple(key.split()), *synonyms[key]]:
                    if other not in clause:
                        clause.append(other)


def synonym_map(rows) -> dict[str, list[tuple[str, ...]]]:
    """From ``(term, [equivalents])`` rows to: lowercased phrase → every other phrase."""
    mapping: dict[str, list[tuple[str, ...]]] = {}
    for terms in rows:
        phrases = [tuple(words(term)) for term in terms]
        phrases = [p for p in phrases if p]
        for phrase in phrases:
            key = " ".join(phrase)
            mapping.setdefault(key, [])
            for other in phrases:
                if other != phrase and other not in mapping[key]:
                    mapping[key].append(other)
    return mapping


def load_synonyms() -> dict[str, list[tuple[str, ...]]]:
    """The synonym list staff edit in the admin, cached for a minute."""
    from django.core.cache import cache

    cached = cache.get("search:synonyms")
    if cached is not None:
        return cached
    mapping = fresh_synonyms()
    cache.set("search:synonyms", mapping, 60)
    return mapping


def fresh_synonyms() -> dict[str, list[tuple[str, ...]]]:
    """The synonym list read from the database now, past any cache."""
    from .models import Synonym

    return synonym_map(synonym.all_terms() for synonym in Synonym.objects.all())


def synonym_phrases(mapping=None) -> tuple[tuple[str, ...], ...]:
    """The multi-word phrases of the synonym list ("regional överenskommelse", …), sorted."""
    phrases = set()
    for key, others in (load_synonyms() if mapping is None else mapping).items():
        for phrase in [tuple(key.split()), *others]:
            if len(phrase) > 1:
                phrases.add(phrase)
    return tuple(sorted(phrases))


def phrase_token(phrase: tuple[str, ...]) -> str:
    """The single index term standing for a synonym phrase on PostgreSQL.

    A phrase query must otherwise re-read the stored vector of every row holding all its
    words; when the phrase is indexed as one term, matching it is one index lookup.
    """
    return "syn" + hashlib.sha1(" ".join(phrase).encode()).hexdigest()[:16]


@lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[tuple[str, ...], ...]):
    """One regular expression finding any of ``phrases`` in lowercased text, inflected: each
    word is matched by its Swedish stem and any ending ("regionala överenskommelser")."""
    if not phrases:
        return None, {}
    groups, names = [], {}
    for n, phrase in enumerate(phrases):
        name = f"p{n}"
        names[name] = phrase_token(phrase)
        body = r"\W+".join(_any_accent(stem(word)) + r"\w*" for word in phrase)
        groups.append(f"(?P<{name}>{body})")
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b"), names


# the letters ``fold`` turns into each unaccented one (one character for one)
_ACCENTED = {
    "a": "aàáâãäå",
    "c": "cç",
    "e": "eèéêë",
    "i": "iìíîï",
    "n": "nñ",
    "o": "oòóôõöø",
    "u": "uùúûü",
    "y": "yýÿ",
}


def _any_accent(folded: str) -> str:
    """A pattern matching ``folded`` written with or without diacritics ("overenskomm" finds
    "överenskomm"), so long texts need not be folded before searching them."""
    return "".join(f"[{_ACCENTED[c]}]" if c in _ACCENTED else re.escape(c) for c in folded)


def phrase_tokens(text: str, phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The tokens of the synonym phrases that occur in ``text``."""
    pattern, names = _phrase_pattern(phrases)
    if pattern is None or not text:
        return []
    found = set()
    for match in pattern.finditer(text.lower()):
        found.add(names[match.lastgroup])
    return sorted(found)


def synonym_lines() -> list[str]:
    """The list as "term, equivalent, …" lines (what the Elasticsearch analyzer takes)."""
    from .models import Synonym

    return [", ".join(synonym.all_terms()) for synonym in Synonym.objects.all()]


_SENTENCE_END = re.compile(r"[.!?:]\s+|\n")


def highlight(
    text: str, query_words: list[str], length: int = 240, require_match: bool = False
) -> str:
    """An escaped passage of ``text`` around the densest match, from the start of its
    sentence, matches wrapped in <mark>; "" when nothing matches and ``require_match``.

    Matching is by Swedish stem (and prefix of a stem), so "kvotflykting" marks
    "kvotflyktingar".
    """
    from django.utils.html import escape

    if not text:
        return ""
    stems = {stem(w) for w in query_words if w}
    tokens = list(WORD_RE.finditer(text))

    def hit(token):
        word = token.group(0).lower()
        s = stem(word)
        return s in stems or any(len(q) >= 4 and (word.startswith(q) or q in s) for q in stems)

    positions = [i for i, token in enumerate(tokens) if hit(token)]
    sentence_start = False
    if positions:
        best, best_count = positions[0], 0
        for i in positions:
            start_char = tokens[i].start()
            count = sum(1 for j in positions if 0 <= tokens[j].start() - start_char < length * 0.8)
            if count > best_count:
                best, best_count = i, count
        first = tokens[best].start()
        ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, first - 160), first)]
        sentence_start = bool(ends)
        start = ends[-1] if ends else max(0, first - 60)
    elif require_match:
        return ""
    else:
        start = 0
    if start and not sentence_start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    out = []
    cursor = start
    for token in tokens:
        if token.start() < start or token.end() > end:
            continue
        if hit(token):
            out.append(escape(text[cursor : token.start()]))
            out.append("<mark>" + escape(token.group(0)) + "</mark>")
            cursor = token.end()
    out.append(escape(text[cursor:end]))
    snippet = "".join(out).strip()
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")
