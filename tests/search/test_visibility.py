"""Nothing hidden leaks: one hidden item of each kind is absent from every search surface.

The hidden items are made the way they become hidden on a real site (published and indexed
first, then restricted, unpublished, expired or moderated), so that whatever the index once
held about them (entries, facet values, the did-you-mean vocabulary) is put to the test:
/sok/ results, its count and facets, ``format=json``, title suggestions and did-you-mean.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.rich_text import RichText

import pytest

from portal.factories import StandardPageFactory
from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend
from search.factories import make_pdf
from search.models import SearchEntry
from search.visibility import document_is_public, page_is_public

pytestmark = pytest.mark.django_db

SHARED = "samverkansdag"

# the unique word of each hidden item, and a typo of it that did-you-mean could correct
HIDDEN = {
    "restricted page": ("fjällvandring", "fjällvandrng"),
    "child of a restricted page": ("kanotpaddling", "kanotpadling"),
    "unpublished page": ("vinterkonsert", "vinterkonsrt"),
    "expired page": ("höstmarknad", "höstmarkand"),
    "draft page": ("utkastsamling", "utkastsamlng"),
    "orphan document": ("arkivbilaga", "arkivbilga"),
    "document linked only from a restricted page": ("personalhandbok", "personalhandbk"),
    "document in a restricted collection": ("kollektionsprotokoll", "kollektionsprotokol"),
    "pending organisation": ("granskningsföreningen", "granskningsföreningn"),
    "suspended organisation": ("avstängningsklubben", "avstängningsklubbn"),
    "activity unpublished by staff": ("nattfiske", "nattfisk"),
}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what happens after commit (the index update), as a request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_page(parent, title, words, slug, body=None):
    page = StandardPageFactory.build(
        title=title,
        slug=slug,
        summary=f"Om {words} och {SHARED}.",
        body=body or [("paragraph", RichText(f"<p>Text om {words} inför vår {SHARED}.</p>"))],
    )
    parent.add_child(instance=page)
    return page


def publish(page, commit):
    with commit():
        page.save_revision().publish()
    return page


def upload(title, words, commit, collection=None):
    Document = get_document_model()
    document = Document(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(
        f"{words}.pdf", ContentFile(make_pdf([f"Bilaga om {words} och {SHARED}."])), save=False
    )
    with commit():
        document.save()
    return document


def document_block(document):
    return [("document", {"document": document, "title": ""})]


def search_json(client, q, **params):
    response = client.get("/sok/", {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def world(home, commit):
    """One public page linking one public PDF, and one hidden item of each kind."""
    from partners.factories import ActivityFactory, OrganisationFactory
    from partners.models import Activity, Organisation
    from portal.models import Municipality

    leksand = Municipality.objects.get(code="2029")
    public_document = upload("Beslutsbilaga", "beslutsbilaga", commit)
    public_page = publish(
        make_page(
            home,
            "Samverkansdag i Leksand",
            "språkcaféer",
            "publik",
            body=[
                ("paragraph", RichText(f"<p>Välkommen till vår {SHARED}.</p>")),
                *document_block(public_document),
            ],
        ),
        commit,
    )

    # pages: indexed while public, then hidden
    restricted = publish(make_page(home, "Fjällvandring", "fjällvandring", "fjall"), commit)
    child = publish(make_page(restricted, "Kanotpaddling", "kanotpaddling", "kanot"), commit)
    staff_document = upload("Personalhandbok", "personalhandbok", commit)
    publish(
        make_page(
            restricted,
            "Handbok",
            "rutiner",
            "handbok",
            body=document_block(staff_document),
        ),
        commit,
    )
    with commit():
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
    unpublished = publish(make_page(home, "Vinterkonsert", "vinterkonsert", "konsert"), commit)
    with commit():
        unpublished.unpublish()
    expired = publish(make_page(home, "Höstmarknad", "höstmarknad", "marknad"), commit)
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with commit():
        call_command("publish_scheduled", stdout=io.StringIO())
    draft = make_page(home, "Utkastsamling", "utkastsamling", "utkast")
    draft.live = False
    draft.save()
    with commit():
        draft.save_revision()

    # documents
    upload("Arkivbilaga", "arkivbilaga", commit)
    root = Collection.get_first_root_node()
    private = root.add_child(name="Internt")
    with commit():
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.LOGIN
        )
    private_document = upload("Kollektionsprotokoll", "kollektionsprotokoll", commit, private)
    protocol_page = publish(
        make_page(
            home,
            "Protokoll",
            "protokollen",
            "protokoll",
            body=document_block(private_document),
        ),
        commit,
    )

    # the directory: indexed while public, then hidden by staff
    with commit():
        pending = OrganisationFactory(
            name="Granskningsföreningen i Mora",
            description=f"Vi ordnar en {SHARED}.",
            status=Organisation.Status.PENDING,
            municipalities=[leksand],
        )
        suspended = OrganisationFactory(
            name="Avstängningsklubben i Orsa",
            description=f"Vi ordnar en {SHARED}.",
            municipalities=[leksand],
        )
        activity = ActivityFactory(
            title="Nattfiske för nyanlända",
            description=f"Nattfiske efter vår {SHARED}.",
            municipality=leksand,
        )
    with commit():
        suspended.status = Organisation.Status.SUSPENDED
        suspended.save()
    with commit():
        activity.status = Activity.Status.DRAFT
        activity.moderation_reason = "Fel uppgifter om platsen."
        activity.save(update_fields=["status", "moderation_reason", "updated_at"])

    return {
        "public": {
            f"page:{public_page.pk}",
            f"document:{public_document.pk}:1",
            f"page:{protocol_page.pk}",
            f"organisation:{activity.organisation_id}",  # verified, without the shared word
        },
        "document": public_document.pk,
        "hidden": [child, restricted, unpublished, expired, draft, pending, suspended, activity],
    }


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_a_hidden_item_is_in_no_result_count_or_facet(client, world, kind):
    word, _typo = HIDDEN[kind]
    data = search_json(client, word)
    assert data["total"] == 0, data["results"]
    assert data["results"] == []
    assert data["facets"] == {}
    html = client.get("/sok/", {"q": word}).content.decode().lower()
    assert f"/{word}" not in html  # no link to it
    assert "<mark>" not in html


def test_shared_words_find_only_the_public_items_and_facets_count_only_them(client, world):
    data = search_json(client, SHARED)
    urls = {hit["url"] for hit in data["results"]}
    assert {"/publik/", "/protokoll/"} < urls
    assert any(url.startswith(f"/dokument/{world['document']}/") for url in urls)
    assert data["total"] == 3
    assert sum(v["count"] for v in data["facets"]["kind"]) == 3
    # none of them is tied to a county: all three are national, and no municipality shows
    assert [(v["value"], v["count"]) for v in data["facets"]["county"]] == [("00", 3)]
    assert "municipality" not in data["facets"]
    keys = set(SearchEntry.objects.values_list("key", flat=True))
    assert keys == world["public"]


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_did_you_mean_never_offers_a_word_of_hidden_content(client, world, kind):
    word, typo = HIDDEN[kind]
    data = search_json(client, typo)
    assert data["total"] == 0
    assert word not in (data["did_you_mean"] or "")
    html = client.get("/sok/", {"q": typo}).content.decode()
    assert word not in html.replace(typo, "")


def test_did_you_mean_offers_public_words_and_only_ones_that_give_hits(client, world):
    data = search_json(client, "samverkansdg")
    assert data["did_you_mean"] == SHARED
    assert search_json(client, data["did_you_mean"])["total"] == 3


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_title_suggestions_never_offer_hidden_content(client, world, kind):
    word, _typo = HIDDEN[kind]
    response = client.get("/sok/forslag/", {"q": word[:5]})
    titles = [s["title"].lower() for s in response.json()["suggestions"]]
    assert not [title for title in titles if word in title]


def test_the_vocabulary_is_rebuilt_from_public_entries_only(world):
    from search.models import SearchTerm

    call_command("search_reindex", stdout=io.StringIO(), stderr=io.StringIO())
    vocabulary = set(SearchTerm.objects.values_list("word", flat=True))
    assert SHARED in vocabulary
    for word, _typo in HIDDEN.values():
        assert word not in vocabulary


# ---- documents: linked from a public page, or not public at all ----------------------------


def found(text):
    return {hit.key for hit in DatabaseBackend().search(SearchQuery(text=text)).hits}


def test_orphan_document_is_found_once_a_public_page_links_it_and_gone_when_unpublished(
    home, commit
):
    document = upload("Arkivbilaga", "arkivbilaga", commit)
    assert not document_is_public(document)
    assert found("arkivbilaga") == set()

    page = make_page(home, "Sida", "bilagor", "sida")
    page.body = document_block(document)
    with commit():
        page.save_revision()
    assert found("arkivbilaga") == set()  # a draft link makes nothing public

    publish(page, commit)
    assert document_is_public(document)
    assert found("arkivbilaga") == {f"document:{document.pk}:1"}

    with commit():
        page.unpublish()
    assert found("arkivbilaga") == set()

    publish(page, commit)
    assert found("arkivbilaga") == {f"document:{document.pk}:1"}
    with commit():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert found("arkivbilaga") == set()
    with commit():
        PageViewRestriction.objects.filter(page=page).delete()
    assert found("arkivbilaga") == {f"document:{document.pk}:1"}


def test_a_document_linked_in_rich_text_is_public_and_a_removed_link_hides_it(home, commit):
    document = upload("Arkivbilaga", "arkivbilaga", commit)
    page = make_page(
        home,
        "Sida",
        "bilagor",
        "sida",
        body=[("paragraph", RichText(f'<p><a linktype="document" id="{document.pk}">PDF</a></p>'))],
    )
    publish(page, commit)
    assert ReferenceIndex.get_references_to(document).exists()
    assert found("arkivbilaga") == {f"document:{document.pk}:1"}

    page.body = [("paragraph", RichText("<p>Bilagan är borttagen.</p>"))]
    publish(page, commit)
    assert found("arkivbilaga") == set()


def test_deleting_the_only_linking_page_hides_the_document(home, commit):
    document = upload("Arkivbilaga", "arkivbilaga", commit)
    page = publish(
        make_page(home, "Sida", "bilagor", "sida", body=document_block(document)), commit
    )
    assert found("arkivbilaga")
    with commit():
        page.delete()
    assert found("arkivbilaga") == set()


def test_a_document_linked_from_a_public_page_in_a_restricted_collection_is_never_public(
    home, commit
):
    private = Collection.get_first_root_node().add_child(name="Internt")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    document = upload("Kollektionsprotokoll", "kollektionsprotokoll", commit, private)
    publish(make_page(home, "Sida", "bilagor", "sida", body=document_block(document)), commit)
    assert not document_is_public(document)
    assert found("kollektionsprotokoll") == set()


def test_page_is_public_knows_expiry_before_the_scheduler_has_run(home, commit):
    page = publish(make_page(home, "Sida", "bilagor", "sida"), commit)
    assert page_is_public(page)
    page.expire_at = timezone.now() - datetime.timedelta(seconds=1)
    assert not page_is_public(page)


# ---- every backend gets the same: visibility is decided before a document reaches one -------


def recording_elasticsearch():
    from elasticsearch import Elasticsearch

    from search.backends.elasticsearch import ElasticsearchBackend
    from search.es_mapping import DEFAULT_SYNONYMS

    from .test_elasticsearch_unit import ALIAS, FakeNode, FakeServer

    server = FakeServer()
    node_class = type("RecordingNode", (FakeNode,), {"server": server})
    client = Elasticsearch("http://es.test:9200", node_class=node_class, max_retries=0)
    backend = ElasticsearchBackend(
        url="http://es.test:9200",
        index_prefix=ALIAS,
        synonyms=list(DEFAULT_SYNONYMS),
        client=client,
    )
    return backend, server


def sent_to_elasticsearch(server):
    """The ids written in bulk, and the sources deleted by query."""
    written, deleted = set(), set()
    for request in server.requests:
        if request["path"].endswith("/_bulk"):
            written |= {line["index"]["_id"] for line in request["body"][::2]}
        elif request["path"].endswith("/_delete_by_query"):
            query = request["body"]["query"]
            if "terms" in query:
                deleted |= set(query["terms"]["source"])
    return written, deleted


def test_elasticsearch_is_written_only_what_the_public_may_see(world):
    from search import registry
    from search.indexing import _write
    from search.models import SearchEntry

    backend, server = recording_elasticsearch()
    hidden = [f"page:{item.pk}" for item in world["hidden"][:5]]
    hidden += [f"organisation:{item.pk}" for item in world["hidden"][5:7]]
    hidden += [f"activity:{world['hidden'][7].pk}"]
    hidden += [f"document:{pk}" for pk in get_document_model().objects.values_list("pk", flat=True)]
    _write(backend, hidden)
    written, deleted = sent_to_elasticsearch(server)
    assert written == {f"document:{world['document']}:1"}
    public_document = {f"document:{world['document']}"}
    assert set(hidden) - deleted == public_document

    backend, server = recording_elasticsearch()
    backend.rebuild(registry.all_documents())
    written, _deleted = sent_to_elasticsearch(server)
    call_command("search_reindex", "--backend", "database", stdout=io.StringIO())
    assert written == set(SearchEntry.objects.values_list("key", flat=True))
    assert world["public"] < written
    assert not {":".join(key.split(":")[:2]) for key in written} & (set(hidden) - public_document)
