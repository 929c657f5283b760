"""The Elasticsearch index definition: a Swedish analyzer chain and the field mapping.

Kept apart from the backend so the exact settings and mappings can be built and checked
without a server. Everything here is plain data built with ``elasticsearch.dsl``.

Why the analyzers look the way they do:

- ``swedish_index`` lowercases, keeps each word both as written and folded (asciifolding with
  ``preserve_original``: "överenskommelse" and "overenskommelse"), drops Swedish stop words,
  splits compounds with a dictionary of the words this domain is made of ("kvotflyktingar"
  also yields "kvot" and "flykting"), then applies the light Swedish stemmer, so inflected
  forms meet on one stem.
- ``swedish_search`` is used at query time. It folds the query (people often type Swedish
  without å, ä and ö; the folded form matches the folded copy in the index), then adds the synonym and abbreviation list as a
  ``synonym_graph`` filter (graph synonyms only work at query time, and keeping them out of the
  index means a changed list needs no re-indexing of the text itself). It does not decompound:
  a query for "kvotflykting" should not also match every page that only says "kvot".
- ``swedish_spell`` keeps surface words and two- and three-word shingles for the phrase
  suggester behind "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from elasticsearch.dsl import (
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from .migrations_data import DEFAULT_SYNONYMS as _ABBREVIATIONS
from .migrations_data import ENGLISH_SYNONYMS as _ENGLISH

# Editable in the admin (search.models.Synonym); this is the list a fresh site starts with.
DEFAULT_SYNONYMS = tuple(
    f"{term}, {equivalents}" for term, equivalents in [*_ABBREVIATIONS, *_ENGLISH]
)

# Parts that Swedish compounds in this domain are built from; the decompounder emits each part
# found inside a longer word as an extra token, so "bosättningslagen" is found by "bosättning".
COMPOUND_PARTS = (
    "anläggning",
    "anvisning",
    "arbete",
    "arbetsmarknad",
    "asyl",
    "boende",
    "bosättning",
    "etablering",
    "familj",
    "flykting",
    "förening",
    "guide",
    "hälsa",
    "insats",
    "integration",
    "kafé",
    "kommun",
    "kompetens",
    "kvot",
    "läxa",
    "mentor",
    "metod",
    "mottagande",
    "nyanländ",
    "orientering",
    "plan",
    "projekt",
    "region",
    "samhälle",
    "samverkan",
    "skola",
    "språk",
    "stöd",
    "styrelse",
    "svenska",
    "ungdom",
    "utbildning",
    "vägledning",
    "överenskommelse",
)

# Characters a synonym rule may contain; anything else is dropped so a careless entry in the
# admin cannot make Elasticsearch refuse to create the index.
_RULE_JUNK = re.compile(r"[^\w\s,\-]", re.UNICODE)

# A query longer than this is cut (as on the database backend); Elasticsearch's own limits are
# far higher, this only keeps a pasted essay from turning into a huge request.
MAX_INPUT_LENGTH = 200


def normalize_synonyms(lines: Iterable[str] | None) -> list[str]:
    """Solr-style equivalence rules ("rök, regional överenskommelse") from editor lines.

    Accepts "A, B", "A = B" and "A => B" (the last is kept one-way), skips blanks, comments
    ("#") and rules with fewer than two terms, drops duplicates and characters the rule parser
    does not understand. Lowercasing is left to the analyzer chain, which analyzes rules with
    the filters that come before the synonym filter.
    """
    if lines is None:
        lines = DEFAULT_SYNONYMS
    rules: list[str] = []
    seen: set[str] = set()
    for raw in lines:
        line = str(raw).replace("\x00", "").strip()
        if not line or line.startswith("#"):
            continue
        one_way = "=>" in line
        if one_way:
            left, _, right = line.partition("=>")
            sides = [_terms(left), _terms(right)]
            if not sides[0] or not sides[1]:
                continue
            rule = f"{', '.join(sides[0])} => {', '.join(sides[1])}"
        else:
            terms = _terms(line.replace("=", ","))
            if len(terms) < 2:
                continue
            rule = ", ".join(terms)
        if rule.lower() not in seen:
            seen.add(rule.lower())
            rules.append(rule)
    return rules


def _terms(text: str) -> list[str]:
    out = []
    for part in text.split(","):
        term = " ".join(_RULE_JUNK.sub(" ", part).split())
        if term and term not in out:
            out.append(term)
    return out


def build_analyzers(synonyms: Iterable[str] | None = None):
    """The three analyzers as DSL objects: (index, search, spell)."""
    from .query import fold  # query.py reads COMPOUND_PARTS from here

    stop = token_filter("swedish_stop", "stop", stopwords="_swedish_")
    stemmer = token_filter("swedish_light_stemmer", "stemmer", language="light_swedish")
    # Typing without å, ä and ö finds the same: the index keeps each word as written and
    # folded (so the decompounder also needs the folded parts), queries are folded before
    # synonyms are looked up ("rok" is RÖK).
    folding = token_filter("swedish_folding", "asciifolding", preserve_original=True)
    decompounder = token_filter(
        "swedish_decompounder",
        "dictionary_decompounder",
        word_list=list(dict.fromkeys([*COMPOUND_PARTS, *(fold(p) for p in COMPOUND_PARTS)])),
        min_subword_size=3,
        only_longest_match=False,
    )
    synonym = token_filter(
        "swedish_synonyms",
        "synonym_graph",
        synonyms=normalize_synonyms(synonyms),
        lenient=True,
    )
    shingle = token_filter("spell_shingle", "shingle", min_shingle_size=2, max_shingle_size=3)
    index_analyzer = analyzer(
        "swedish_index",
        tokenizer="standard",
        filter=["lowercase", folding, stop, decompounder, stemmer],
    )
    search_analyzer = analyzer(
        "swedish_search",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", synonym, stop, stemmer],
    )
    spell_analyzer = analyzer("swedish_spell", tokenizer="standard", filter=["lowercase", shingle])
    return index_analyzer, search_analyzer, spell_analyzer


def build_mapping(synonyms: Iterable[str] | None = None) -> Mapping:
    """Fields of one search document (see search.backends.base.SearchDocument)."""
    index_analyzer, search_analyzer, spell_analyzer = build_analyzers(synonyms)

    def text(**kwargs):
        return Text(analyzer=index_analyzer, search_analyzer=search_analyzer, **kwargs)

    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("key", Keyword())
    m.field("source", Keyword())
    m.field("kind", Keyword())
    m.field(
        "title",
        text(
            copy_to="spell",
            fields={
                "raw": Keyword(ignore_above=256),
                "suggest": SearchAsYouType(analyzer="simple"),
            },
        ),
    )
    m.field("summary", text(copy_to="spell"))
    m.field("keywords", text(copy_to="spell"))
    # Offsets in the postings let the highlighter find the best passage of a long PDF page
    # without analysing the whole text again for every hit.
    m.field("body", text(copy_to="spell", index_options="offsets"))
    m.field("spell", Text(analyzer=spell_analyzer))
    m.field("url", Keyword(index=False))
    m.field("date", Date(format="strict_date"))
    m.field("year", Integer())
    m.field("expires_at", Date())
    m.field("county_codes", Keyword())
    m.field("municipality_codes", Keyword())
    m.field("target_groups", Keyword())
    m.field("tags", Keyword())
    m.field("language", Keyword())
    m.field("page_number", Integer())
    m.field("container_title", text())
    return m


def build_index(name: str, synonyms: Iterable[str] | None = None, **settings) -> Index:
    """An ``Index`` carrying the settings, analysis and mapping, ready for ``to_dict()``."""
    index = Index(name)
    index.settings(number_of_shards=1, **settings)
    index.mapping(build_mapping(synonyms))
    return index


def index_body(synonyms: Iterable[str] | None = None, **settings) -> dict:
    """The JSON body to create a concrete index with: {"settings": ..., "mappings": ...}."""
    return build_index("unused", synonyms, **settings).to_dict()


def template_body(prefix: str, synonyms: Iterable[str] | None = None) -> dict:
    """A composable index template for every concrete index "<prefix>-<timestamp>".

    The priority grows with the prefix length so that the test prefix ("samverkan-test")
    outranks the production one ("samverkan") whose pattern also matches it; Elasticsearch
    refuses two overlapping templates with equal priority.
    """
    # Built by hand: ComposableIndexTemplate clones the Index, and the clone drops the
    # mapping's "dynamic" setting.
    return {
        "index_patterns": [f"{prefix}-*"],
        "priority": 100 + len(prefix),
        "template": build_index(prefix, synonyms).to_dict(),
    }
