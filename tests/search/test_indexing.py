"""The index follows the content: publish, unpublish, move, delete, privacy, documents."""

import io

from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from portal.factories import StandardPageFactory
from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend
from search.factories import make_docx, make_pdf
from search.models import DocumentText, PendingIndexChange, SearchEntry

pytestmark = pytest.mark.django_db


def found(text):
    results = DatabaseBackend().search(SearchQuery(text=text))
    return {hit.key: hit for hit in results.hits}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page the way the admin does, running the after-commit index update."""

    def run(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return run


def make_page(parent, **fields):
    fields.setdefault("title", "Språkcaféer i Dalarna")
    fields.setdefault("summary", "Om kvotflyktingar och språkträning.")
    page = StandardPageFactory.build(**fields)
    parent.add_child(instance=page)
    return page


def test_published_page_is_found_and_draft_is_not(home, publish):
    page = make_page(home, live=False)
    page.save_revision()
    assert found("kvotflykting") == {}
    publish(page)
    hits = found("kvotflykting")
    assert f"page:{page.pk}" in hits
    assert hits[f"page:{page.pk}"].url == page.url


def test_body_text_of_stream_field_is_indexed(home, publish):
    from portal.demo import paragraphs

    page = make_page(home, body=paragraphs("Mentorer hjälper ensamkommande ungdomar med läxorna."))
    publish(page)
    assert f"page:{page.pk}" in found("läxor")


def test_draft_changes_stay_out_until_published(home, publish, django_capture_on_commit_callbacks):
    page = publish(make_page(home))
    page.title = "Hemligt utkast om bosättningslagen"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    assert found("bosättningslagen") == {}
    publish(page)
    assert f"page:{page.pk}" in found("bosättningslagen")


def test_unpublish_removes(home, publish, django_capture_on_commit_callbacks):
    page = publish(make_page(home))
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert found("kvotflykting") == {}


def test_delete_removes(home, publish, django_capture_on_commit_callbacks):
    page = publish(make_page(home))
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert found("kvotflykting") == {}
    assert not SearchEntry.objects.filter(source=f"page:{page.pk}").exists()


def test_move_updates_urls_of_page_and_children(home, publish, django_capture_on_commit_callbacks):
    section = publish(make_page(home, title="Avdelning", slug="avdelning", summary=""))
    other = publish(make_page(home, title="Annan", slug="annan", summary=""))
    child = publish(make_page(section, slug="barn"))
    with django_capture_on_commit_callbacks(execute=True):
        section.move(other, pos="last-child")
    hit = found("kvotflykting")[f"page:{child.pk}"]
    assert hit.url == "/annan/avdelning/barn/"


def test_private_pages_never_appear(home, publish, django_capture_on_commit_callbacks):
    section = publish(make_page(home, title="Internt", slug="internt", summary=""))
    child = publish(make_page(section, slug="barn"))
    assert f"page:{child.pk}" in found("kvotflykting")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert found("kvotflykting") == {}
    call_command("search_reindex", stdout=io.StringIO(), stderr=io.StringIO())
    assert found("kvotflykting") == {}


def test_publishing_survives_a_broken_backend(home, publish, monkeypatch, caplog):
    def broken(self, documents):
        raise ConnectionError("index is down")

    monkeypatch.setattr(DatabaseBackend, "index", broken)
    page = publish(make_page(home))
    assert page.live  # the publish itself went through
    change = PendingIndexChange.objects.get(source=f"page:{page.pk}")
    assert "index is down" in change.error
    assert "queued for replay" in caplog.text
    monkeypatch.undo()
    assert found("kvotflykting") == {}
    call_command("search_reindex", "--pending", stdout=io.StringIO())
    assert f"page:{page.pk}" in found("kvotflykting")
    assert not PendingIndexChange.objects.exists()


def test_next_successful_write_replays_the_queue(home, publish, monkeypatch):
    original = DatabaseBackend.index

    def broken(self, documents):
        raise ConnectionError("down")

    monkeypatch.setattr(DatabaseBackend, "index", broken)
    first = publish(make_page(home, title="Första", slug="forsta"))
    monkeypatch.setattr(DatabaseBackend, "index", original)
    publish(make_page(home, title="Andra", slug="andra", summary="Inget särskilt här."))
    assert f"page:{first.pk}" in found("kvotflykting")
    assert not PendingIndexChange.objects.exists()


def upload(
    title, filename, content, django_capture_on_commit_callbacks, collection=None, link_from=None
):
    """Upload a document; with ``link_from``, publish a page under it that links to it (a
    document is public only when a public page links to it)."""
    Document = get_document_model()
    document = Document(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(filename, ContentFile(content), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    if link_from is not None:
        page = make_page(
            link_from,
            title=f"Bilagor {document.pk}",
            slug=f"bilagor-{document.pk}",
            summary="",
            body=[("document", {"document": document, "title": ""})],
        )
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
    return document


def test_pdf_text_is_found_with_its_page_number(home, django_capture_on_commit_callbacks):
    content = make_pdf(
        [
            "Inledning om samverkan mellan kommuner och myndigheter.",
            "Reflektionsfrågor: hur fungerar mottagandet av kvotflyktingar hos er?",
        ]
    )
    document = upload(
        "Metodstöd för samverkan 2017",
        "metodstod.pdf",
        content,
        django_capture_on_commit_callbacks,
        link_from=home,
    )
    assert DocumentText.objects.filter(document=document).count() == 2
    hit = found("reflektionsfrågor")[f"document:{document.pk}:2"]
    assert hit.page_number == 2
    assert hit.url.endswith("#page=2")
    assert hit.container_title.startswith("metodstod")
    assert "<mark>" in hit.snippet


def test_docx_text_is_found(home, django_capture_on_commit_callbacks):
    content = make_docx(["Handlingsplan för integrationsrådet", "Flyktingguider i Rättvik."])
    document = upload(
        "Handlingsplan", "plan.docx", content, django_capture_on_commit_callbacks, link_from=home
    )
    assert f"document:{document.pk}:1" in found("flyktingguide")


def test_unreadable_file_is_still_found_by_title(home, django_capture_on_commit_callbacks):
    document = upload(
        "Trasig bilaga om bosättning",
        "trasig.pdf",
        b"%PDF-1.4 junk",
        django_capture_on_commit_callbacks,
        link_from=home,
    )
    assert f"document:{document.pk}" in found("bosättning")


def test_deleted_document_disappears(home, django_capture_on_commit_callbacks):
    document = upload(
        "Beslut om kommuntal",
        "beslut.pdf",
        make_pdf(["Kommuntal 2024"]),
        django_capture_on_commit_callbacks,
        link_from=home,
    )
    assert found("kommuntal")
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert found("kommuntal") == {}


def test_documents_in_restricted_collections_are_not_indexed(
    home, django_capture_on_commit_callbacks
):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Internt")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    upload(
        "Intern PM om kommuntal",
        "pm.pdf",
        make_pdf(["Kommuntal"]),
        django_capture_on_commit_callbacks,
        private,
        link_from=home,
    )
    assert found("kommuntal") == {}


def test_search_reindex_rebuilds_and_can_run_twice(home, publish):
    page = publish(make_page(home))
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("search_reindex", stdout=out, stderr=io.StringIO())
    assert "documents" in out.getvalue()
    assert f"page:{page.pk}" in found("kvotflykting")
    call_command("search_reindex", stdout=io.StringIO(), stderr=io.StringIO())
    assert SearchEntry.objects.filter(source=f"page:{page.pk}").count() == 1


def test_search_reindex_rejects_unknown_source(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("search_reindex", "--only", "nonsense", stdout=io.StringIO())


@pytest.mark.django_db
def test_stream_field_text_is_indexed_as_words_not_as_a_python_list(home):
    from portal.factories import StandardPageFactory
    from search.registry import searchable_text

    page = StandardPageFactory(
        parent=home,
        body=[("paragraph", RichText("<p>Kvotflyktingar kommer ofta med kort varsel.</p>"))],
    )
    text = searchable_text(page)
    assert "Kvotflyktingar kommer ofta med kort varsel." in text
    assert "['" not in text


@pytest.mark.django_db
def test_block_settings_such_as_a_heading_level_are_not_indexed(home):
    """A heading block's level is a choice ("Rubrik 2"), not text of the page."""
    from django.utils import translation

    from portal.factories import StandardPageFactory
    from search.registry import searchable_text

    page = StandardPageFactory(
        parent=home,
        body=[
            ("heading", {"text": "Bakgrund", "level": "h2"}),
            ("paragraph", RichText("<p>Kvotflyktingar kommer ofta med kort varsel.</p>")),
            ("quote", {"text": "Vi lär av varandra.", "attribution": "Integrationsrådet"}),
        ],
    )
    with translation.override("sv"):
        text = searchable_text(page)
    assert "Bakgrund" in text and "Vi lär av varandra." in text and "Integrationsrådet" in text
    assert "Rubrik" not in text and "Heading" not in text and "h2" not in text
