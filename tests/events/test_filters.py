import pytest

from events.factories import make_event
from portal.models import Municipality, TargetGroup


@pytest.fixture
def spread(calendar, future):
    leksand = Municipality.objects.get(code="2029")
    karlskrona = Municipality.objects.get(code="1080")
    group = TargetGroup.objects.first()
    make_event(
        calendar,
        future(10),
        title="SFI i Leksand",
        slug="sfi-leksand",
        municipalities=[leksand],
        topics=["SFI"],
        format="onsite",
    )
    make_event(
        calendar,
        future(12),
        title="Mottagande i Karlskrona",
        slug="karlskrona",
        municipalities=[karlskrona],
        topics=["Kvotflyktingar"],
        format="hybrid",
        target_groups=[group],
    )
    make_event(
        calendar,
        future(40),
        title="Webbinarium om massflyktsdirektivet",
        slug="webb",
        format="online",
    )
    return {"leksand": leksand, "karlskrona": karlskrona, "group": group}


def titles(response):
    html = response.content.decode()
    return {
        title
        for title in (
            "SFI i Leksand",
            "Mottagande i Karlskrona",
            "Webbinarium om massflyktsdirektivet",
        )
        if title in html
    }


@pytest.mark.django_db
def test_filters_combine_and_stay_in_the_url(client, spread, future):
    assert titles(client.get("/kalender/?kommun=leksand")) == {"SFI i Leksand"}
    assert titles(client.get("/kalender/?lan=blekinge")) == {"Mottagande i Karlskrona"}
    assert titles(client.get("/kalender/?form=online")) == {"Webbinarium om massflyktsdirektivet"}
    assert titles(client.get("/kalender/?amne=sfi")) == {"SFI i Leksand"}
    assert titles(client.get(f"/kalender/?malgrupp={spread['group'].slug}")) == {
        "Mottagande i Karlskrona"
    }
    assert titles(client.get("/kalender/?lan=dalarna&form=hybrid")) == set()
    end = future(20).date().isoformat()
    assert titles(client.get(f"/kalender/?till={end}")) == {
        "SFI i Leksand",
        "Mottagande i Karlskrona",
    }
    response = client.get("/kalender/?kommun=leksand")
    html = response.content.decode()
    assert "webcal://testserver/kalender/kalender.ics?kommun=leksand" in html
    assert 'value="leksand" selected' in html


@pytest.mark.django_db
def test_filter_options_show_counts_and_empty_state(client, spread):
    html = client.get("/kalender/").content.decode()
    assert "Leksand (1)" in html
    assert "3 tillfällen" in html or "3 occasions" in html
    empty = client.get("/kalender/?lan=dalarna&form=hybrid").content.decode()
    assert "empty-state" in empty


@pytest.mark.parametrize(
    "query",
    [
        "kommun=atlantis",
        "lan=%00",
        "form=teleport",
        "amne=finns-inte",
        "fran=2026-13-01",
        "fran=igår",
        "till=99999-01-01",
        "fran=2027-01-10&till=2027-01-01",
        "fran=1800-01-01",
        "sida=-1",
        "sida=abc",
        "sida=999999",
        "malgrupp[]=x",
    ],
)
@pytest.mark.django_db
def test_junk_filters_get_a_message_not_an_error(client, spread, query):
    response = client.get(f"/kalender/?{query}")
    assert response.status_code == 200
    if not query.startswith("sida") and "[]" not in query:
        assert "error-summary" in response.content.decode()
    month = client.get(f"/kalender/manad/2030/5/?{query}")
    assert month.status_code == 200
    feed = client.get(f"/kalender/kalender.ics?{query}")
    assert feed.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/kalender/manad/2026/13/",
        "/kalender/manad/2026/0/",
        "/kalender/manad/99999/1/",
        "/kalender/manad/1999/12/",
        "/kalender/manad/2101/1/",
        "/kalender/manad/abcd/1/",
        "/kalender/finns-inte/",
        "/kalender/trauma/avboka/",
    ],
)
@pytest.mark.django_db
def test_impossible_months_and_paths_are_404(client, calendar, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_month_grid_is_an_accessible_table(client, calendar):
    import datetime

    from events.models.event import STOCKHOLM

    make_event(
        calendar,
        datetime.datetime(2030, 12, 10, 10, 0, tzinfo=STOCKHOLM),
        title="Julseminarium",
        slug="jul",
    )
    response = client.get("/kalender/manad/2030/12/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<caption>" in html
    assert html.count('scope="col"') == 7
    assert "Julseminarium" in html
    assert "/kalender/manad/2030/11/" in html and "/kalender/manad/2031/1/" in html
    assert "Julseminarium" not in client.get("/kalender/manad/2030/11/").content.decode()
    assert client.get("/kalender/manad/").status_code == 302


@pytest.mark.django_db
def test_feed_ignores_junk_filters_and_applies_the_rest(client, spread):
    """A subscribed calendar must never break: a bad value is left out, never a 400."""
    response = client.get("/kalender/kalender.ics?fran=2026-13-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_publishing_an_event_refreshes_cached_counts(client, calendar, future):
    from portal.models import Municipality

    rattvik = Municipality.objects.get(code="2031")
    make_event(calendar, future(5), slug="a", municipalities=[rattvik], publish=True)
    assert "Rättvik (1)" in client.get("/kalender/").content.decode()
    make_event(calendar, future(6), slug="b", municipalities=[rattvik], publish=True)
    assert "Rättvik (2)" in client.get("/kalender/").content.decode()


@pytest.mark.django_db
def test_a_busy_day_in_the_month_grid_links_to_its_list(client, calendar):
    import datetime
    import html as html_lib

    from events.models.event import STOCKHOLM

    for n in range(6):
        make_event(
            calendar,
            datetime.datetime(2030, 12, 11, 8 + n, 0, tzinfo=STOCKHOLM),
            title=f"Workshop nummer {n}",
            slug=f"workshop-{n}",
        )
    page = client.get("/kalender/manad/2030/12/?form=plats").content.decode()
    shown = [n for n in range(6) if f"Workshop nummer {n}" in page]
    assert shown == [0, 1, 2, 3]
    assert "2 tillfällen till" in page
    link = html_lib.unescape(
        page.split('class="month-grid__more"><a href="', 1)[1].split('"', 1)[0]
    )
    assert "fran=2030-12-11" in link and "till=2030-12-11" in link and "form=plats" in link
    listed = client.get(link).content.decode()
    assert all(f"Workshop nummer {n}" in listed for n in range(6))


def test_a_junk_date_in_the_address_is_not_put_back_into_the_date_field():
    from events.forms import DateInput

    widget = DateInput()
    html = widget.render("fran", "inte-ett-datum")
    assert 'value="inte-ett-datum"' not in html
    assert 'value="2026-12-01"' in widget.render("fran", "2026-12-01")
