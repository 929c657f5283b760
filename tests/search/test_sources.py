"""Each kind of content reaches the index only while it is public (one test per kind)."""

import datetime
import io

from django.core.management import call_command

import pytest

from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend

pytestmark = pytest.mark.django_db


def found(text, **filters):
    results = DatabaseBackend().search(SearchQuery(text=text, filters=filters))
    return {hit.key: hit for hit in results.hits}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_verified_organisation_is_found_pending_and_rejected_are_not(db, commit):
    from partners.factories import OrganisationFactory
    from partners.models import Organisation
    from portal.models import Municipality

    leksand = Municipality.objects.get(code="2029")
    with commit():
        verified = OrganisationFactory(name="Flyktingguiderna i Leksand", municipalities=[leksand])
        pending = OrganisationFactory(
            name="Flyktingguiderna i Mora", status=Organisation.Status.PENDING
        )
        rejected = OrganisationFactory(
            name="Flyktingguiderna i Orsa", status=Organisation.Status.REJECTED
        )
    hits = found("flyktingguiderna")
    assert set(hits) == {f"organisation:{verified.pk}"}
    hit = hits[f"organisation:{verified.pk}"]
    assert hit.kind == "organisation" and hit.url == verified.get_absolute_url()
    assert found("flyktingguiderna", municipality=["2029"], county=["20"])

    # staff verify the pending one, and later withdraw the verification of the first
    with commit():
        pending.status = Organisation.Status.VERIFIED
        pending.save()
    with commit():
        verified.status = Organisation.Status.REJECTED
        verified.save()
    assert set(found("flyktingguiderna")) == {f"organisation:{pending.pk}"}
    assert rejected.pk


def test_published_activity_is_found_draft_is_not(db, commit):
    from partners.factories import ActivityFactory, OrganisationFactory
    from partners.models import Activity, Organisation

    with commit():
        organisation = OrganisationFactory(name="Föreningen Samtal", description="Samtal och fika.")
        published = ActivityFactory(organisation=organisation, title="Läxhjälp på biblioteket")
        draft = ActivityFactory(
            organisation=organisation,
            title="Läxhjälp i skolan",
            status=Activity.Status.DRAFT,
        )
    assert set(found("läxhjälp")) == {f"activity:{published.pk}"}
    with commit():
        draft.status = Activity.Status.PUBLISHED
        draft.save()
    assert len(found("läxhjälp")) == 2
    # when the organisation loses its verification, its activities go too
    with commit():
        organisation.status = Organisation.Status.PENDING
        organisation.save()
    assert found("läxhjälp") == {}


def test_deleted_activity_disappears(db, commit):
    from partners.factories import ActivityFactory

    with commit():
        activity = ActivityFactory(title="Promenadgrupp för nyanlända")
    assert found("promenadgrupp")
    with commit():
        activity.delete()
    assert found("promenadgrupp") == {}


def test_agreement_pages_have_kind_county_and_parties(home, commit):
    from agreements.factories import AgreementIndexPageFactory, AgreementPageFactory
    from agreements.models import AgreementParty

    index = AgreementIndexPageFactory(parent=home)
    agreement = AgreementPageFactory(
        parent=index, title="RÖK Blekinge 2025–2027", adopted_on=datetime.date(2024, 11, 20)
    )
    AgreementParty.objects.create(page=agreement, name="Region Blekinge")
    with commit():
        agreement.save_revision().publish()
    hit = found("Region Blekinge", county=["10"])[f"page:{agreement.pk}"]
    assert hit.kind == "regional_agreement"
    assert hit.date == datetime.date(2024, 11, 20)
    assert f"page:{agreement.pk}" in found("RÖK", year=["2024"])


def test_draft_event_is_not_found_published_event_is(home, commit):
    from events.factories import STOCKHOLM, CalendarIndexPageFactory, make_event
    from portal.models import Municipality

    calendar = CalendarIndexPageFactory(parent=home)
    start = datetime.datetime(2030, 3, 5, 9, 0, tzinfo=STOCKHOLM)
    with commit():
        published = make_event(
            calendar,
            start,
            title="Utbildning om bosättningslagen",
            municipalities=[Municipality.objects.get(code="2031")],
            publish=True,
        )
        draft = make_event(calendar, start, title="Utbildning om bosättningslagen, utkast")
        draft.live = False
        draft.save()
    hits = found("bosättningslagen")
    assert set(hits) == {f"page:{published.pk}"}
    assert hits[f"page:{published.pk}"].kind == "event"
    assert hits[f"page:{published.pk}"].date == datetime.date(2030, 3, 5)
    assert found("bosättningslagen", municipality=["2031"])


def test_reindex_covers_every_kind(home, commit):
    from partners.factories import ActivityFactory

    ActivityFactory(title="Cykelskola för vuxna")  # created without signals running
    assert found("cykelskola") == {}
    call_command("search_reindex", stdout=io.StringIO(), stderr=io.StringIO())
    assert [hit.kind for hit in found("cykelskola").values()] == ["activity"]
