"""The Elasticsearch backend of the public search, for when one database is not enough.

The index definition lives in ``search.es_mapping`` and request building in
``search.es_queries``; this module talks to the server: bulk indexing with replace semantics,
rebuilds into a fresh index behind an alias, and turning responses into the dataclasses of
``search.backends.base``.

Every failure to reach Elasticsearch surfaces as ``SearchBackendUnavailable`` so that callers
can keep pending index changes for later and answer searches from the database backend.
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError, bulk

from ..es_mapping import index_body, template_body
from ..es_queries import SNIPPET_LENGTH, build_search, build_suggest, clean_filters
from .base import (
    FACETS,
    NATIONAL,
    FacetValue,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    county_values,
)

logger = logging.getLogger(__name__)


def _inner_total(hit: dict) -> int:
    """How many matching pages the collapsed hit stands for (1 when not collapsed)."""
    total = hit.get("inner_hits", {}).get("pages", {}).get("hits", {}).get("total", 1)
    return int(total.get("value", 1) if isinstance(total, dict) else total or 1)


# Statuses that mean "try again later" rather than "this request is wrong".
RETRYABLE_STATUSES = {408, 429, 502, 503, 504}


class SearchBackendError(Exception):
    """Elasticsearch answered, but refused the work (a bug or bad data, not an outage)."""


class SearchBackendUnavailable(SearchBackendError):
    """Elasticsearch cannot be reached or is overloaded: queue writes, fall back for reads."""


class ElasticsearchBackend(SearchBackend):
    """One alias ("<prefix>") in front of one concrete index ("<prefix>-<timestamp>")."""

    name = "elasticsearch"
    chunk_size = 500

    def __init__(
        self,
        url: str | None = None,
        index_prefix: str | None = None,
        synonyms: Iterable[str] | None = None,
        client: Elasticsearch | None = None,
        *,
        refresh: bool = True,
        timeout: float = 5.0,
    ):
        self.url = url if url is not None else getattr(settings, "ELASTICSEARCH_URL", "")
        self.alias = index_prefix or getattr(settings, "SEARCH_INDEX_PREFIX", "samverkan")
        # Written to as well as the alias while a rebuild fills a new index, so that changes
        # made during the rebuild are not lost when the alias moves.
        self.building_alias = f"{self.alias}-building"
        self.synonyms = list(synonyms) if synonyms is not None else None
        self.refresh = refresh
        self.timeout = timeout
        self._client = client
        self._ready = False

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def client(self) -> Elasticsearch:
        """Created on first use, so that building the backend never fails on its own."""
        if self._client is None:
            if not self.url:
                raise SearchBackendUnavailable("ELASTICSEARCH_URL is not set")
            self._client = Elasticsearch(
                self.url, request_timeout=self.timeout, max_retries=1, retry_on_timeout=False
            )
        return self._client

    @contextmanager
    def _guard(self, action: str):
        try:
            yield
        except SearchBackendError:
            raise
        except TransportError as exc:
            raise SearchBackendUnavailable(f"Elasticsearch unreachable during {action}") from exc
        except ApiError as exc:
            if exc.status_code in RETRYABLE_STATUSES or exc.status_code >= 500:
                raise SearchBackendUnavailable(
                    f"Elasticsearch unavailable during {action} ({exc.status_code})"
                ) from exc
            raise SearchBackendError(f"Elasticsearch refused {action}: {exc}") from exc
        except BulkIndexError as exc:
            statuses = {next(iter(item.values()), {}).get("status", 0) for item in exc.errors or []}
            if statuses and statuses <= RETRYABLE_STATUSES:
                raise SearchBackendUnavailable(f"Elasticsearch overloaded during {action}") from exc
            raise SearchBackendError(f"Elasticsearch refused documents in {action}") from exc

    def new_index_name(self) -> str:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-{stamp}"

    def first_index_name(self) -> str:
        """Fixed, so that two processes creating the very first index meet on one name."""
        return f"{self.alias}-{'0' * 20}"

    def synonym_lines(self) -> list[str] | None:
        """The constructor's list, else the one staff edit in the admin, else the defaults."""
        if self.synonyms is not None:
            return self.synonyms
        try:
            from ..query import synonym_lines

            return synonym_lines() or None
        except Exception:  # no table yet (migrations), or no database at all
            logger.warning("search: synonyms not readable; using the defaults", exc_info=True)
            return None

    def query_synonyms(self) -> dict:
        """The admin's synonym list as expanded at query time (lowercased term → others)."""
        try:
            from ..query import load_synonyms

            return load_synonyms()
        except Exception:
            logger.warning("search: synonyms not readable at query time", exc_info=True)
            return {}

    def index_definition(self, synonyms: list[str] | None = None, **settings_overrides) -> dict:
        body = index_body(synonyms if synonyms is not None else self.synonym_lines())
        body["settings"].update(settings_overrides)
        return body

    def _put_template(self, synonyms: list[str] | None = None):
        synonyms = synonyms if synonyms is not None else self.synonym_lines()
        self.client.indices.put_index_template(
            name=self.alias, **template_body(self.alias, synonyms)
        )

    def _create_index(
        self,
        name: str,
        aliases: dict | None = None,
        synonyms: list[str] | None = None,
        **settings_overrides,
    ):
        body = self.index_definition(synonyms, **settings_overrides)
        kwargs = {"aliases": aliases} if aliases else {}
        self.client.indices.create(
            index=name, settings=body["settings"], mappings=body["mappings"], **kwargs
        )

    def ensure_index(self):
        """Make sure the alias points at an index, creating the first one if there is none."""
        if self._ready:
            return
        with self._guard("index creation"):
            if not self.client.indices.exists_alias(name=self.alias):
                self._put_template()
                try:
                    self._create_index(self.first_index_name(), aliases={self.alias: {}})
                except ApiError as exc:
                    if "resource_already_exists" not in str(exc):
                        raise
        self._ready = True

    def available(self) -> bool:
        """Whether Elasticsearch answers at all; used before replaying queued changes."""
        try:
            return bool(self.client.ping())
        except (SearchBackendError, TransportError, ApiError):
            return False

    # -- writing ----------------------------------------------------------------------------

    @staticmethod
    def document_body(doc: SearchDocument) -> dict:
        """What is stored for one document; the field names match es_mapping.build_mapping."""
        date = doc.date
        if isinstance(date, datetime.datetime):
            date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
        return {
            "key": doc.key,
            "source": doc.source,
            "kind": doc.kind,
            "title": doc.title,
            "summary": doc.summary or "",
            "keywords": doc.keywords or "",
            "body": doc.body or "",
            "url": doc.url,
            "date": date.isoformat() if date else None,
            "year": date.year if date else None,
            "county_codes": county_values(doc.county_codes),
            "municipality_codes": list(doc.municipality_codes or []),
            "target_groups": list(doc.target_groups or []),
            "tags": list(doc.tags or []),
            "language": doc.language or "sv",
            "page_number": doc.page_number,
            "container_title": doc.container_title or "",
            "expires_at": doc.expires_at.isoformat() if doc.expires_at else None,
        }

    def _actions(self, documents: Iterable[SearchDocument], index: str) -> Iterator[dict]:
        for doc in documents:
            yield {"_index": index, "_id": doc.key, "_source": self.document_body(doc)}

    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Index the new versions first, then delete the sources' keys that are gone.

        Doing it in that order (rather than delete-then-index) means a search running at the
        same moment never sees a source with none of its documents.
        """
        docs = list({doc.key: doc for doc in documents}.values())
        if not docs:
            return 0
        self.ensure_index()
        refresh = "wait_for" if self.refresh else False
        with self._guard("indexing"):
            targets = self._write_targets()
            # require_alias: a write never auto-creates a concrete index under an alias's name.
            bulk(
                self.client,
                self._actions(docs, self.alias),
                chunk_size=self.chunk_size,
                refresh=refresh,
                require_alias=True,
            )
            if self.building_alias in targets:
                # The rebuild may finish (and the alias vanish) meanwhile; that is fine.
                _done, errors = bulk(
                    self.client,
                    self._actions(docs, self.building_alias),
                    chunk_size=self.chunk_size,
                    require_alias=True,
                    raise_on_error=False,
                )
                if errors:
                    logger.warning("search: %d writes missed the index being built", len(errors))
            self.client.delete_by_query(
                index=",".join(targets),
                query={
                    "bool": {
                        "filter": [{"terms": {"source": sorted({d.source for d in docs})}}],
                        "must_not": [{"ids": {"values": [d.key for d in docs]}}],
                    }
                },
                conflicts="proceed",
                refresh=self.refresh,
            )
        return len(docs)

    def _write_targets(self) -> list[str]:
        if self.client.indices.exists_alias(name=self.building_alias):
            return [self.alias, self.building_alias]
        return [self.alias]

    def delete_sources(self, sources: Iterable[str]) -> None:
        sources = sorted(set(sources))
        if not sources:
            return
        with self._guard("deletion"):
            targets = ",".join(self._write_targets())
            for start in range(0, len(sources), 1000):
                try:
                    self.client.delete_by_query(
                        index=targets,
                        query={"terms": {"source": sources[start : start + 1000]}},
                        conflicts="proceed",
                        refresh=self.refresh,
                    )
                except NotFoundError:
                    return  # no index yet, so nothing to delete

    def rebuild(
        self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Fill a new index chunk by chunk, then move the alias to it in one atomic step.

        Searches keep reading the old index until the switch; changes indexed meanwhile go to
        both indices (through the building alias). ``progress`` is called after each chunk
        with the number of documents indexed so far. If anything fails before the switch, the
        half-built index is deleted and the old one keeps serving. Run one rebuild at a time:
        a new one discards the index of any rebuild still marked as building.
        """
        count = 0
        with self._guard("rebuild"):
            new = self._start_build()
            try:
                iterator = iter(documents)
                while chunk := list(itertools.islice(iterator, self.chunk_size)):
                    bulk(self.client, self._actions(chunk, new), chunk_size=self.chunk_size)
                    count += len(chunk)
                    if progress:
                        progress(count)
                self._finish_build(new)
            except BaseException:
                self._delete_quietly(new)
                raise
        return count

    def apply_synonyms(self, synonyms: Iterable[str] | None = None) -> None:
        """Put a changed synonym list into service without reading the database's content.

        Analyzer settings cannot change on an open index, so a new index is made with the new
        list, filled by Elasticsearch itself from the current one (``_reindex``), and the
        alias is switched: searches keep answering throughout.
        """
        if synonyms is not None:
            self.synonyms = list(synonyms)
        with self._guard("synonym update"):
            if not self.client.indices.exists_alias(name=self.alias):
                return  # nothing indexed yet; the first index will use the new list
            new = self._start_build()
            try:
                self.client.reindex(
                    source={"index": self.alias},
                    dest={"index": new},
                    conflicts="proceed",
                    wait_for_completion=True,
                    refresh=True,
                )
                self._finish_build(new)
            except BaseException:
                self._delete_quietly(new)
                raise

    def _start_build(self) -> str:
        """A new stamped index, not yet searched, that receives live changes from now on."""
        for stale in self._aliased_indices(self.building_alias):
            self._delete_quietly(stale)
        new = self.new_index_name()
        synonyms = self.synonym_lines()
        self._put_template(synonyms)
        self._create_index(
            new, aliases={self.building_alias: {}}, synonyms=synonyms, refresh_interval="-1"
        )
        return new

    def _finish_build(self, new: str):
        self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
        self.client.indices.refresh(index=new)
        old = self._switch_alias(new)
        for name in old:
            self._delete_quietly(name)
        self._ready = True

    def _aliased_indices(self, alias: str | None = None) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias or self.alias).keys())
        except NotFoundError:
            return []

    def _switch_alias(self, new: str) -> list[str]:
        """One update_aliases call: the alias leaves the old indices and moves to the new one."""
        old = [name for name in self._aliased_indices() if name != new]
        actions: list[dict] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        if not old and self.client.indices.exists(index=self.alias):
            # A concrete index squats on the alias name (e.g. auto-created by a stray write).
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"remove": {"index": new, "alias": self.building_alias}})
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def _delete_quietly(self, name: str):
        try:
            self.client.indices.delete(index=name)
        except (NotFoundError, TransportError, ApiError):
            logger.warning("Could not delete Elasticsearch index %s", name, exc_info=True)

    # -- reading ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        search, parsed, _window = build_search(query, synonyms=self.query_synonyms())
        if parsed.is_empty:
            return SearchResults(
                query=query,
                total=0,
                hits=[],
                facets={name: [] for name in FACETS},
                backend=self.name,
            )
        with self._guard("search"):
            try:
                response = self.client.search(index=self.alias, body=search.to_dict())
            except NotFoundError as exc:
                raise SearchBackendUnavailable("The search index has not been built") from exc
        body = getattr(response, "body", response)
        return self.parse_response(query, body, parsed.positive_text)

    def suggest(self, prefix: str, limit: int = 8) -> list[SearchHit]:
        search = build_suggest(prefix, limit)
        if search is None:
            return []
        with self._guard("suggest"):
            try:
                response = self.client.search(index=self.alias, body=search.to_dict())
            except NotFoundError as exc:
                raise SearchBackendUnavailable("The search index has not been built") from exc
        body = getattr(response, "body", response)
        return [self._hit(hit, snippet="") for hit in body.get("hits", {}).get("hits", [])]

    # -- responses --------------------------------------------------------------------------

    def parse_response(
        self, query: SearchQuery, body: dict, searched_text: str = ""
    ) -> SearchResults:
        """A raw search response (a dict) as SearchResults."""
        hits_section = body.get("hits", {})
        total = hits_section.get("total", 0)
        total = total.get("value", 0) if isinstance(total, dict) else int(total or 0)
        sources = body.get("aggregations", {}).get("sources", {}).get("count", {})
        if "value" in sources:  # collapsed by source: a document counts once
            total = int(sources["value"])
        hits = [self._hit(hit) for hit in hits_section.get("hits", [])]
        did_you_mean = None
        if total == 0:
            options = [
                option
                for entry in body.get("suggest", {}).get("did_you_mean", [])
                for option in entry.get("options", [])
            ]
            if options and options[0].get("text", "").strip() != searched_text.lower().strip():
                did_you_mean = options[0]["text"].strip() or None
        return SearchResults(
            query=query,
            total=total,
            hits=hits,
            facets=self._facets(body.get("aggregations", {}), query.filters),
            took_ms=float(body.get("took", 0)),
            did_you_mean=did_you_mean,
            backend=self.name,
        )

    @staticmethod
    def _snippet(hit: dict) -> str:
        """The best highlighted passage: body before summary, a real match before a fallback."""
        highlight = hit.get("highlight", {})
        fragments = [(highlight.get(name) or [""])[0] for name in ("body", "summary")]
        for fragment in fragments:
            if "<mark>" in fragment:
                return fragment
        summary, body = fragments
        if summary or body:
            return summary or body
        return escape((hit.get("_source", {}).get("summary") or "")[:SNIPPET_LENGTH])

    def _hit(self, hit: dict, snippet: str | None = None) -> SearchHit:
        source = hit.get("_source", {})
        date = source.get("date")
        try:
            date = datetime.date.fromisoformat(date[:10]) if date else None
        except ValueError:
            date = None
        return SearchHit(
            key=source.get("key") or hit.get("_id", ""),
            kind=source.get("kind", ""),
            title=source.get("title", ""),
            url=source.get("url", ""),
            snippet=self._snippet(hit) if snippet is None else snippet,
            date=date,
            page_number=source.get("page_number"),
            container_title=source.get("container_title") or "",
            score=float(hit.get("_score") or 0.0),
            national=NATIONAL in (source.get("county_codes") or []),
            more_pages=max(0, _inner_total(hit) - 1),
        )

    def _facets(self, aggregations: dict, filters: dict | None) -> dict[str, list[FacetValue]]:
        """Buckets as FacetValues, labelled by the same code as the database backend's."""
        from ..labels import facet_value_objects

        selected = {
            name: [str(value) for value in values]
            for name, values in clean_filters(filters).items()
        }
        counted: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            agg = aggregations.get(name, {})
            buckets = agg.get("values", agg).get("buckets", [])
            counted[name] = [
                (
                    str(b.get("key_as_string", b["key"])),
                    int(b.get("sources", {}).get("value", b["doc_count"])),
                )
                for b in buckets
            ]
        return facet_value_objects(counted, selected)
