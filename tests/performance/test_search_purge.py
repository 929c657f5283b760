"""Kept search pages after index writes (search.page_tags): every search an edit can change shows
the change at the next anonymous visit; a search the edit cannot change stays kept. Each test
fills the cache first, then changes something as a member or an editor would."""

import io
from urllib.parse import quote

from django.core.management import call_command
from django.test import Client, RequestFactory

import pytest

from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Organisation
from portal.factories import StandardPageFactory
from portal.page_cache import HEADER, entry_key, page_cache, tag_key
from search.models import PendingIndexChange
from search.page_tags import ANY_WRITE, SearchPage, keys_of, term_key, term_tag
from tests.search import test_fallback

from .test_purge import cached, visit

pytestmark = pytest.mark.django_db

flaky = test_fallback.flaky  # the fixture: Elasticsearch, down until it is up


def search(text):
    return f"/sok/?q={quote(text)}"


@pytest.fixture
def organisations(home, committed, page_cache_on):
    """Three organisations, indexed as a member's save indexes them (after the commit)."""
    with committed():
        return {
            "bro": OrganisationFactory(
                name="Föreningen Bro", slug="bro", description="Vi erbjuder läxhjälp på tisdagar."
            ),
            "cykel": OrganisationFactory(
                name="Cykelverkstan Borlänge",
                slug="cykelverkstan",
                description="Vi lagar cyklar tillsammans med nyanlända.",
            ),
            "sim": OrganisationFactory(
                name="Simklubben Delfinen",
                slug="delfinen",
                description="Simundervisning för vuxna och språkcaféer på lördagar.",
            ),
        }


def edit(committed, organisation, **fields):
    for name, value in fields.items():
        setattr(organisation, name, value)
    with committed():
        organisation.save()


def test_an_edit_shows_in_the_searches_its_old_and_new_text_match_and_leaves_the_others(
    organisations, committed
):
    assert "Föreningen Bro" in cached(search("läxhjälp"))
    assert "Föreningen Bro" not in cached(search("simundervisning"))
    assert "Cykelverkstan Borlänge" in cached(search("cyklar"))
    edit(committed, organisations["bro"], description="Vi erbjuder simundervisning för barn.")
    assert "Föreningen Bro" not in visit(search("läxhjälp")).content.decode()
    assert "Föreningen Bro" in visit(search("simundervisning")).content.decode()
    assert visit(search("cyklar"))[HEADER] == "hit"


def test_other_forms_of_a_word_and_compounds_are_purged_with_it(organisations, committed):
    assert "Föreningen Bro" not in cached(search("språkcaféer"))
    assert "Föreningen Bro" not in cached(search("mottagande"))
    edit(
        committed,
        organisations["bro"],
        description="Ett språkcafé och stöd i flyktingmottagandet för kommunen.",
    )
    assert "Föreningen Bro" in visit(search("språkcaféer")).content.decode()
    assert "Föreningen Bro" in visit(search("mottagande")).content.decode()


def test_a_synonym_search_sees_an_edit_that_uses_the_other_words(organisations, committed):
    """SFI is searched as "svenska för invandrare" too."""
    cached(search("SFI"))
    edit(committed, organisations["bro"], description="Vi ger stöd till svenska för invandrare.")
    assert "Föreningen Bro" in visit(search("SFI")).content.decode()


def test_a_suspended_organisation_leaves_its_searches(organisations, committed):
    assert "Föreningen Bro" in cached(search("läxhjälp"))
    cached(search("cyklar"))
    edit(committed, organisations["bro"], status=Organisation.Status.SUSPENDED)
    assert "Föreningen Bro" not in visit(search("läxhjälp")).content.decode()
    assert visit(search("cyklar"))[HEADER] == "hit"


def test_a_search_that_found_nothing_is_purged_by_any_write(organisations, committed):
    """Its "did you mean" is read from every word in the index, whatever the first letters."""
    before = cached(search("dykundervisning"))
    assert "Simklubben Delfinen" not in before
    with committed():
        OrganisationFactory(
            name="Dykarna Falun", slug="dykarna", description="Kurser i dykundervisning."
        )
    assert "Dykarna Falun" in visit(search("dykundervisning")).content.decode()


def test_title_suggestions_see_any_write(organisations, committed):
    assert "Cykelklubben Mora" not in cached("/sok/forslag/?q=cyk")
    with committed():
        OrganisationFactory(name="Cykelklubben Mora", slug="cykelklubben")
    assert "Cykelklubben Mora" in visit("/sok/forslag/?q=cyk").content.decode()


def test_an_entry_written_again_unchanged_purges_nothing(organisations, committed):
    """An organisation's save indexes its activities again; unchanged, they purge no search."""
    with committed():
        ActivityFactory(organisation=organisations["cykel"], title="Schackträning för alla")
    assert "Schackträning för alla" in cached(search("schackträning"))
    edit(committed, organisations["cykel"], description="Vi lagar cyklar varje torsdag.")
    assert visit(search("schackträning"))[HEADER] == "hit"
    assert "varje torsdag" in visit(search("cyklar")).content.decode()


def test_a_published_page_shows_in_its_searches_and_leaves_the_others(
    home, organisations, committed
):
    """(A page below a main-menu section: a section itself is in every page's menu.)"""
    section = StandardPageFactory(parent=home, title="Om länet", slug="om")
    page = StandardPageFactory(parent=section, title="Bosättning i länet", slug="bosattning")
    with committed():
        page.save_revision().publish()
    assert "Bosättning i länet" in cached(search("bosättning"))
    cached(search("cyklar"))
    page.title = "Bosättning och samverkan i länet"
    with committed():
        page.save_revision().publish()
    assert "Bosättning och samverkan i länet" in visit(search("bosättning")).content.decode()
    assert visit(search("cyklar"))[HEADER] == "hit"


# ---- what a search page says it depends on ------------------------------------------------


def test_a_search_depends_on_the_first_letters_of_every_word_it_looks_for(db):
    from search.migrations_data import ensure_default_synonyms

    ensure_default_synonyms()
    tags = SearchPage('RÖK "Leksands kommun" -hund').tags
    for key in ("rok", "reg", "ove", "lek", "kom", "hun"):
        assert term_tag(key) in tags, key
    assert ANY_WRITE in tags  # until it is known to have found something


def test_keys_fold_and_split_as_the_indexes_do():
    assert keys_of("Språkcaféer i ÖSTERSUND") == {"spr", "i", "ost"}
    assert keys_of("info_rum") >= {"inf", "rum"}


def test_a_word_folding_may_not_make_plain_depends_on_every_write(db):
    page = SearchPage("Łódź")
    assert not page.words_suffice


def test_with_elasticsearch_every_search_depends_on_every_write(db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    page = SearchPage("läxhjälp")
    assert page.tags == {ANY_WRITE}
    assert not page.words_suffice


def test_a_search_with_hits_is_kept_under_its_words_only(organisations):
    """The kept copy holds the tokens of its words' tags, not of ANY_WRITE."""
    Client().get(search("läxhjälp"))
    request = RequestFactory().get(search("läxhjälp"))
    request.LANGUAGE_CODE = "sv"
    entry = page_cache().get(entry_key(request))
    assert tag_key(term_tag("lax")) in entry["tags"]
    assert tag_key(ANY_WRITE) not in entry["tags"]


WORDS = (  # noqa: SIM905
    "överenskommelserna kommunerna språkcaféerna nyanlända flyktingmottagandet Östersunds "
    "bosättningslagen ensamkommande mentorerna hälsa åtgärder ökar är barnen ökningen "
    "anvisningar fullt löst kvotflyktingarnas Crème Straße Ærø SFI-undervisning e-post 2026"
).split()


def test_every_term_the_index_makes_of_a_word_starts_with_the_words_key(db):
    """What lets a word's key stand for all its forms: the stemmer, the loanword rule and the
    folding keep the first three letters, on either database."""
    from django.db import connection

    from search.query import analysed_text, stem, words

    for word in WORDS:
        expected = {term_key(part) for part in words(word)}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT tsvector_to_array(to_tsvector('swedish_folded', %s))",
                    [analysed_text(word)],
                )
                terms = cursor.fetchone()[0]
            # a hyphenated word is also indexed whole ("e-post"), its parts on their own
            terms = [term for term in terms if "-" not in term]
        else:
            terms = [stem(part) for part in words(word)]
        assert terms, word
        assert {term[:3] for term in terms} <= expected, (word, terms)


def test_a_change_replayed_to_the_other_backend_renews_the_kept_search_pages(
    home,
    flaky,
    page_cache_on,
    committed,
):
    """Elasticsearch down during a publish: the database answers (and is written at once); when
    the change is replayed to the cluster, the pages it may now answer are rendered afresh."""
    section = StandardPageFactory(parent=home, title="Om länet", slug="om")
    page = StandardPageFactory(parent=section, title="Samhällsorientering i Falun", slug="so")
    with committed():
        page.save_revision().publish()
    assert PendingIndexChange.objects.filter(backend="flaky").exists()
    assert "Samhällsorientering i Falun" in cached(search("samhällsorientering"))
    flaky.up = True
    call_command("search_reindex", "--pending", stdout=io.StringIO())
    assert not PendingIndexChange.objects.exists()
    assert visit(search("samhällsorientering"))[HEADER] == "miss"
