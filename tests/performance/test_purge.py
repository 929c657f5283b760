"""Every change that alters what a public page shows is seen at the next anonymous visit, with
the page cache on: each test first fills the cache, then changes something as staff, members
or visitors do, then looks again as an anonymous visitor."""

import datetime
import re

from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from agreements.factories import SettlementQuotaFactory, SettlementQuotaPageFactory
from agreements.quota_import import import_quotas
from events.factories import CalendarIndexPageFactory, make_event
from events.models import EventOccurrence, EventPage, Signup
from events.models.event import STOCKHOLM
from events.services import sign_up
from partners.factories import ActivityFactory, OrganisationFactory
from partners.models import Organisation
from portal.factories import StandardPageFactory
from portal.models import Municipality
from portal.page_cache import HEADER

pytestmark = pytest.mark.django_db


def cached(url):
    """Fill the cache with ``url`` and check the next visit is served from it."""
    Client().get(url)
    response = Client().get(url)
    assert response[HEADER] == "hit", url
    return response.content.decode()


def visit(url):
    return Client().get(url)


def publish(page, committed, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    with committed():
        page.save_revision().publish()


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="Om portalen", slug="om")


def test_publish_shows_at_once_on_the_page_its_parent_and_the_home_page(
    home, about, page_cache_on, committed
):
    child = StandardPageFactory(parent=about, title="Kontakt", slug="kontakt")
    for url in ("/om/kontakt/", "/om/", "/"):
        cached(url)
    publish(child, committed, title="Kontakta oss")
    assert "Kontakta oss" in visit("/om/kontakt/").content.decode()
    assert visit("/om/")[HEADER] == "miss"
    assert visit("/")[HEADER] == "miss"


def test_a_publish_purges_only_what_shows_the_page(home, about, page_cache_on, committed):
    other = StandardPageFactory(parent=home, title="Tillgänglighet", slug="tillganglighet")
    child = StandardPageFactory(parent=about, title="Kontakt", slug="kontakt")
    cached("/tillganglighet/")
    cached("/om/kontakt/")
    publish(child, committed, title="Kontakta oss")
    assert visit("/tillganglighet/")[HEADER] == "hit"
    assert "Kontakta oss" in visit("/om/kontakt/").content.decode()
    assert other.title == "Tillgänglighet"


@pytest.mark.parametrize("change", ["rename", "unpublish", "hide"])
def test_a_change_to_a_main_menu_page_shows_in_the_menu_of_every_cached_page(
    home, page_cache_on, committed, change
):
    """The main menu (the site root's children) is on every page: renaming, unpublishing or
    taking a section out of the menu is seen everywhere at once."""
    section = StandardPageFactory(parent=home, title="Om portalen", slug="om", show_in_menus=True)
    other = StandardPageFactory(parent=home, title="Tillgänglighet", slug="tillganglighet")
    StandardPageFactory(parent=other, title="Kontakt", slug="kontakt")
    for url in ("/tillganglighet/", "/tillganglighet/kontakt/"):
        assert 'href="/om/"' in cached(url)
    if change == "rename":
        publish(section, committed, title="Om Samverkansportalen")
    elif change == "hide":
        publish(section, committed, show_in_menus=False)
    else:
        with committed():
            section.unpublish()
    for url in ("/tillganglighet/", "/tillganglighet/kontakt/"):
        html = visit(url).content.decode()
        menu = html.split('class="site-nav__list"', 1)[1].split("</ul>", 1)[0]
        if change == "rename":
            assert "Om Samverkansportalen" in menu, url
        else:
            assert 'href="/om/"' not in menu, url


def test_unpublish_and_delete_take_the_page_away(home, about, page_cache_on, committed):
    second = StandardPageFactory(parent=home, title="Nyheter", slug="nyheter")
    cached("/om/")
    cached("/nyheter/")
    with committed():
        about.unpublish()
    assert visit("/om/").status_code == 404
    with committed():
        second.delete()
    assert visit("/nyheter/").status_code == 404


def test_move_serves_the_page_at_its_new_address_and_not_the_old(
    home, about, page_cache_on, committed
):
    child = StandardPageFactory(parent=about, title="Kontakt", slug="kontakt")
    target = StandardPageFactory(parent=home, title="Hjälp", slug="hjalp")
    cached("/om/kontakt/")
    cached("/om/")
    with committed():
        child.move(target, pos="last-child")
    old = visit("/om/kontakt/")
    assert old.status_code == 301  # Wagtail's redirect from the old address
    assert old["Location"] == "/hjalp/kontakt/"
    assert "Kontakt" in visit("/hjalp/kontakt/").content.decode()
    assert visit("/om/")[HEADER] == "miss"


def test_a_view_restriction_hides_the_cached_page(home, about, page_cache_on, committed):
    cached("/om/")
    with committed():
        PageViewRestriction.objects.create(page=about, restriction_type="login")
    response = visit("/om/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_organisation_verified_then_suspended(home, page_cache_on, committed):
    organisation = OrganisationFactory(
        name="Språkvänner Leksand", slug="sprakvanner", status=Organisation.Status.PENDING
    )
    before = cached("/foreningar/")
    assert "Språkvänner Leksand" not in before
    assert visit("/foreningar/sprakvanner/").status_code == 404
    with committed():
        organisation.status = Organisation.Status.VERIFIED
        organisation.save()
    assert "Språkvänner Leksand" in visit("/foreningar/").content.decode()
    assert visit("/foreningar/sprakvanner/").status_code == 200
    cached("/foreningar/sprakvanner/")
    with committed():
        organisation.status = Organisation.Status.SUSPENDED
        organisation.save()
    assert "Språkvänner Leksand" not in visit("/foreningar/").content.decode()
    assert visit("/foreningar/sprakvanner/").status_code == 404


def test_activity_unpublished_by_a_moderator(home, page_cache_on, committed):
    organisation = OrganisationFactory(name="Röda Korset Leksand", slug="rk-leksand")
    activity = ActivityFactory(organisation=organisation, title="Läxhjälp på biblioteket")
    assert "Läxhjälp på biblioteket" in cached("/foreningar/aktiviteter/")
    assert "Läxhjälp på biblioteket" in cached("/foreningar/rk-leksand/")
    with committed():
        activity.moderation_reason = "Uppgifterna stämmer inte."
        activity.save()
    assert "Läxhjälp på biblioteket" not in visit("/foreningar/aktiviteter/").content.decode()
    assert "Läxhjälp på biblioteket" not in visit("/foreningar/rk-leksand/").content.decode()


@pytest.fixture
def calendar(home):
    return CalendarIndexPageFactory(parent=home)


def in_days(days):
    return datetime.datetime.now(tz=STOCKHOLM).replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=days)


def test_event_published_appears_in_list_month_view_feed_and_home(
    calendar, page_cache_on, committed
):
    start = in_days(20)
    event = make_event(calendar, start, title="Samråd om bosättning", slug="samrad", live=False)
    month = f"/kalender/manad/{start.year}/{start.month}/"
    for url in ("/kalender/", month, "/kalender/kalender.ics", "/"):
        assert "Samråd om bosättning" not in cached(url)
    with committed():
        event.save_revision().publish()
    for url in ("/kalender/", month, "/kalender/kalender.ics", "/"):
        response = visit(url)
        assert response[HEADER] == "miss", url
        assert "Samråd om bosättning" in response.content.decode(), url


def test_event_deleted_leaves_the_feed_at_once(calendar, page_cache_on, committed):
    event = make_event(calendar, in_days(20), title="Samråd om bosättning", slug="samrad")
    assert "Samråd om bosättning" in cached("/kalender/kalender.ics")
    with committed():
        event.delete()
    assert "Samråd om bosättning" not in visit("/kalender/kalender.ics").content.decode()
    assert "Samråd om bosättning" not in visit("/kalender/").content.decode()


def test_sign_ups_change_the_places_left(calendar, page_cache_on, committed):
    event = make_event(
        calendar,
        in_days(20),
        title="Traumamedvetet",
        slug="trauma",
        signup_enabled=True,
        capacity=3,
    )
    assert "3 platser kvar" in cached(event.url)
    with committed():
        sign_up(event, name="Karin Berg", email="karin@example.se", employer="Rättvik")
    assert "2 platser kvar" in visit(event.url).content.decode()
    with committed():
        Signup.objects.get().delete()
    assert "3 platser kvar" in visit(event.url).content.decode()


def test_the_waiting_list_leaves_the_event_page_kept_until_a_place_changes_hands(
    calendar, page_cache_on, committed
):
    """The page shows the places left, not the waiting list: joining it changes nothing there;
    a cancelled place given to the first in line leaves the count as it was, one given to
    no one frees it."""
    from events.services import cancel_signup

    event = make_event(
        calendar, in_days(20), title="Full kurs", slug="full", signup_enabled=True, capacity=1
    )
    with committed():
        sign_up(event, name="Karin Berg", email="karin@example.se", employer="Rättvik")
    assert "Evenemanget är fullt" in cached(event.url)
    with committed():
        sign_up(event, name="Per Ek", email="per@example.se", employer="Mora")
    assert Signup.objects.get(email="per@example.se").status == Signup.Status.WAITING
    assert visit(event.url)[HEADER] == "hit"
    with committed():
        cancel_signup(Signup.objects.get(email="karin@example.se").pk)
    assert Signup.objects.get(email="per@example.se").status == Signup.Status.CONFIRMED
    with committed():
        cancel_signup(Signup.objects.get(email="per@example.se").pk)
    assert "1 plats kvar" in visit(event.url).content.decode()


def test_quota_import_shows_new_figures(home, page_cache_on, committed):
    SettlementQuotaPageFactory(parent=home)
    leksand = Municipality.objects.get(code="2029")
    SettlementQuotaFactory(municipality=leksand, year=2024, number=16)
    county_year = f"/kommuntal/{leksand.county.slug}/2024/"
    assert "16" in cached(county_year)
    cached("/kommuntal/")
    csv = b"year,municipality_code,group,number\n2024,2029,kvotflyktingar,41\n"
    with committed():
        result = import_quotas(csv)
    assert not result.errors, result.errors
    assert "41" in visit(county_year).content.decode()
    assert visit("/kommuntal/")[HEADER] == "miss"


def test_an_event_publish_leaves_other_events_pages_cached(calendar, page_cache_on, committed):
    first = make_event(calendar, in_days(20), title="Samråd om bosättning", slug="samrad")
    make_event(calendar, in_days(25), title="Språkcafé för handledare", slug="sprakcafe")
    cached("/kalender/sprakcafe/")
    cached("/kalender/arkiv/")
    publish(first, committed, title="Samråd om bosättningen 2027")
    assert visit("/kalender/sprakcafe/")[HEADER] == "hit"
    assert visit("/kalender/arkiv/")[HEADER] == "miss"
    assert "Samråd om bosättningen 2027" in visit("/kalender/samrad/").content.decode()


def _month(moment):
    return f"/kalender/manad/{moment.year}/{moment.month}/"


def _day_list(moment):
    day = moment.date().isoformat()
    return f"/kalender/?fran={day}&till={day}"


@pytest.fixture
def two_events(calendar, committed):
    """Two published events seven weeks apart (so in different months)."""
    first = make_event(calendar, in_days(20), title="Samråd om bosättning", slug="samrad")
    second = make_event(calendar, in_days(70), title="Språkcafé för handledare", slug="sprakcafe")
    with committed():
        first.save_revision().publish()
        second.save_revision().publish()
    return first, second


def test_a_new_title_purges_the_calendar_pages_that_show_the_event_and_no_others(
    two_events, page_cache_on, committed
):
    first, second = two_events
    first_start, second_start = in_days(20), in_days(70)
    for url in ("/kalender/", _month(first_start)):
        assert "Samråd om bosättning" in cached(url)
    for url in (_month(second_start), _day_list(second_start)):
        assert "Samråd om bosättning" not in cached(url)
    publish(EventPage.objects.get(pk=first.pk), committed, title="Samråd om bosättningen 2027")
    for url in ("/kalender/", _month(first_start), "/kalender/samrad/"):
        assert "Samråd om bosättningen 2027" in visit(url).content.decode(), url
    assert visit(_month(second_start))[HEADER] == "hit"
    assert visit(_day_list(second_start))[HEADER] == "hit"


def test_a_session_moved_to_another_month_shows_in_the_new_month_and_leaves_the_old(
    two_events, page_cache_on, committed
):
    first, _second = two_events
    old, new = in_days(20), in_days(70)
    assert "Samråd om bosättning" in cached(_month(old))
    assert "Samråd om bosättning" not in cached(_month(new))
    assert "Samråd om bosättning" not in cached(_day_list(new))
    EventOccurrence.objects.filter(page=first).update(
        start=new, end=new + datetime.timedelta(hours=3)
    )
    publish(EventPage.objects.get(pk=first.pk), committed)
    assert "Samråd om bosättning" not in visit(_month(old)).content.decode()
    assert "Samråd om bosättning" in visit(_month(new)).content.decode()
    assert "Samråd om bosättning" in visit(_day_list(new)).content.decode()


def test_an_event_unpublished_leaves_every_calendar_page(two_events, page_cache_on, committed):
    first, _second = two_events
    urls = ("/kalender/", _month(in_days(20)), "/kalender/kalender.ics", _day_list(in_days(20)))
    for url in urls:
        assert "Samråd om bosättning" in cached(url)
    with committed():
        EventPage.objects.get(pk=first.pk).unpublish()
    for url in urls:
        assert "Samråd om bosättning" not in visit(url).content.decode(), url


def test_an_organisation_edit_purges_its_pages_and_the_lists_not_the_others(
    home, page_cache_on, committed
):
    edited = OrganisationFactory(name="Språkvänner Leksand", slug="sprakvanner")
    OrganisationFactory(name="Röda Korset Rättvik", slug="rk-rattvik")
    for url in ("/foreningar/", "/foreningar/rk-rattvik/", "/foreningar/sprakvanner/", "/"):
        cached(url)
    with committed():
        edited.description = "Språkcafé varje tisdag i Leksands bibliotek."
        edited.save()
    assert "Språkcafé varje tisdag" in visit("/foreningar/sprakvanner/").content.decode()
    assert visit("/foreningar/")[HEADER] == "miss"
    assert visit("/foreningar/rk-rattvik/")[HEADER] == "hit"
    assert visit("/")[HEADER] == "miss"  # it is one of the three newest on the home page
    with committed():
        edited.slug = "sprakvanner-leksand"
        edited.save()
    assert visit("/foreningar/sprakvanner/").status_code == 404
    assert visit("/foreningar/sprakvanner-leksand/").status_code == 200


def test_a_description_edit_purges_only_the_list_pages_that_show_the_organisation(
    home, page_cache_on, committed
):
    leksand = Municipality.objects.get(slug="leksand")
    rattvik = Municipality.objects.get(slug="rattvik")
    edited = OrganisationFactory(name="Språkvänner Leksand", municipalities=[leksand])
    OrganisationFactory(name="Röda Korset Rättvik", municipalities=[rattvik])
    for url in ("/foreningar/", "/foreningar/?kommun=leksand", "/foreningar/?kommun=rattvik"):
        cached(url)
    with committed():
        edited.description = "Språkcafé varje tisdag i Leksands bibliotek."
        edited.save()
    for url in ("/foreningar/", "/foreningar/?kommun=leksand"):
        assert "Språkcafé varje tisdag" in visit(url).content.decode(), url
    # the list of Rättvik does not show the edited organisation: still served from the cache
    assert visit("/foreningar/?kommun=rattvik")[HEADER] == "hit"


def test_what_moves_an_organisation_between_lists_purges_every_list(home, page_cache_on, committed):
    leksand = Municipality.objects.get(slug="leksand")
    rattvik = Municipality.objects.get(slug="rattvik")
    moved = OrganisationFactory(name="Språkvänner Leksand", municipalities=[leksand])
    OrganisationFactory(name="Röda Korset Rättvik", municipalities=[rattvik])
    before = cached("/foreningar/?kommun=rattvik")
    assert "Språkvänner" not in before and "1 organisation" in before
    with committed():
        moved.municipalities.set([rattvik])
    after = visit("/foreningar/?kommun=rattvik").content.decode()
    assert "Språkvänner Leksand" in after and "2 organisationer" in after
    cached("/foreningar/?kommun=rattvik")
    with committed():
        moved.name = "Aktiva språkvänner"  # sorts first now
        moved.save()
    after = visit("/foreningar/?kommun=rattvik").content.decode()
    assert after.index("Aktiva språkvänner") < after.index("Röda Korset Rättvik")
    cached("/foreningar/?kommun=rattvik")
    with committed():
        moved.areas.add("läxhjälp")
    assert "läxhjälp" in visit("/foreningar/?kommun=rattvik").content.decode()


def test_after_signing_up_the_visitor_gets_cached_pages_again(calendar, page_cache_on, committed):
    """The confirmation is shown once, from the session; then the session is gone, so the
    visitor's next pages come from the cache like everyone else's (before, the empty session
    stayed for two weeks and every page was rendered for that visitor alone)."""
    event = make_event(
        calendar, in_days(20), title="Traumamedvetet", slug="trauma", signup_enabled=True
    )
    visitor = Client()
    form = visitor.get(event.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    with committed():
        posted = visitor.post(
            event.url,
            {
                "csrfmiddlewaretoken": token,
                "name": "Karin Berg",
                "email": "karin@example.se",
                "employer": "Rättviks kommun",
                "consent": "on",
            },
        )
    assert posted.status_code == 302
    answer = visitor.get(event.url)
    assert "karin@example.se" in answer.content.decode()  # the confirmation, once
    assert visitor.cookies["sessionid"].value == ""  # the emptied session is dropped
    again = visitor.get(event.url)
    assert again[HEADER] in ("hit", "miss") and "karin@example.se" not in again.content.decode()
    assert "karin@example.se" not in Client().get(event.url).content.decode()
    assert visitor.get("/")[HEADER] in ("hit", "miss")
