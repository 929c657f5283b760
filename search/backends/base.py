"""The one interface every public search backend implements, and the shapes it speaks.

Query building stays in the backends; what a piece of content becomes is decided by each
app's ``documents.py``. Both sides meet only in these dataclasses.
"""

from __future__ import annotations

import abc
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# The filters and facets every backend supports, in the order the page shows them.
FACETS = ("kind", "county", "municipality", "year", "target_group", "tag")
# The county facet's value for content tied to no county (national guidance, agencies'
# material): its own facet value, and kept under every county filter, marked as national.
NATIONAL = "00"


def county_values(codes) -> list[str]:
    """The county facet values of a document: its counties, or NATIONAL when it has none."""
    codes = [str(code) for code in codes or [] if code]
    return list(dict.fromkeys(codes)) or [NATIONAL]


def with_national(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """``filters`` as backends apply them: a county filter also keeps national content."""
    counties = filters.get("county")
    if not counties or NATIONAL in counties:
        return filters
    return {**filters, "county": [*counties, NATIONAL]}


@dataclass
class SearchDocument:
    """One searchable thing: a page, one page of a PDF, an organisation, an activity, an event.

    ``key`` is stable and unique ("page:42", "document:7:4" for page 4 of document 7);
    ``source`` groups the keys that come from one object ("document:7") so that all of them
    can be replaced or removed together.
    """

    key: str
    source: str
    kind: str
    title: str
    url: str
    summary: str = ""
    # Words that say what the thing is (an agreement's type and parties, an event's
    # organiser): weighted like the summary, never shown.
    keywords: str = ""
    body: str = ""
    date: datetime.date | None = None
    county_codes: list[str] = field(default_factory=list)
    municipality_codes: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str = "sv"
    page_number: int | None = None
    container_title: str = ""
    # When the content stops being public (a page's expire_at): backends leave it out from
    # then on, also before the scheduler has unpublished it and the index been updated.
    expires_at: datetime.datetime | None = None

    @property
    def year(self):
        return self.date.year if self.date else None


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"  # or "date"
    page: int = 1
    per_page: int = 20


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    estimated: bool = False  # counted on a sample of a very large result set


@dataclass
class SearchHit:
    key: str
    kind: str
    title: str
    url: str
    snippet: str  # HTML-safe: escaped text with <mark>…</mark> around matches
    date: datetime.date | None = None
    page_number: int | None = None
    container_title: str = ""
    score: float = 0.0
    national: bool = False  # tied to no county: shown marked under a county filter
    more_pages: int = 0  # further matching pages of the same document, grouped under this hit


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    took_ms: float = 0.0
    did_you_mean: str | None = None
    backend: str = ""
    facets_estimated: bool = False
    # a very large result set is counted on a sample: the total is then about this many
    total_estimated: bool = False


class SearchBackend(abc.ABC):
    """A place documents are indexed in and searched from."""

    name = "base"

    @abc.abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (all keys of each source are replaced); return the count."""

    @abc.abstractmethod
    def delete_sources(self, sources: Iterable[str]) -> None:
        """Remove every document of these sources."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, facet counts, snippets and a did-you-mean for ``query``."""

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[SearchHit]:
        """Titles that start like ``prefix``, for the search box."""

    @abc.abstractmethod
    def rebuild(
        self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Replace the whole index with ``documents`` while searches keep being answered."""

    def clear(self) -> None:  # pragma: no cover - overridden where cheaper
        self.rebuild([])
