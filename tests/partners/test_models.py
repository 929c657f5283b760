"""Organisation numbers, public querysets and who counts as a member."""

from django.core.exceptions import ValidationError

import pytest

from partners.factories import ActivityFactory, OrganisationFactory, UserFactory, make_orgnr
from partners.models import Activity, Organisation
from partners.permissions import organisations_for
from partners.validators import clean_orgnr


def test_valid_organisation_numbers_are_normalised():
    number = make_orgnr(1234)
    assert clean_orgnr(number.replace("-", "")) == number
    assert clean_orgnr(f" {number} ") == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("802000-0010", "kontrollsiffran"),
        ("80200000", "tio siffror"),
        ("802000-00011", "tio siffror"),
        ("80200A-0010", "siffror"),
        ("", "tio siffror"),
    ],
)
def test_invalid_organisation_numbers_get_a_clear_swedish_message(value, message):
    with pytest.raises(ValidationError) as error:
        clean_orgnr(value)
    assert message in " ".join(error.value.messages).lower()


def test_generated_numbers_pass_the_luhn_check():
    for serial in range(1, 50):
        clean_orgnr(make_orgnr(serial))


@pytest.mark.django_db
def test_only_verified_organisations_are_public():
    verified = OrganisationFactory(status=Organisation.Status.VERIFIED)
    for status in ("pending", "rejected", "suspended"):
        OrganisationFactory(status=status)
    assert list(Organisation.objects.public()) == [verified]


@pytest.mark.django_db
def test_only_published_activities_of_verified_organisations_are_public():
    verified = OrganisationFactory(status=Organisation.Status.VERIFIED)
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    public = ActivityFactory(organisation=verified, status=Activity.Status.PUBLISHED)
    ActivityFactory(organisation=verified, status=Activity.Status.DRAFT)
    ActivityFactory(organisation=verified, status=Activity.Status.ARCHIVED)
    ActivityFactory(organisation=pending, status=Activity.Status.PUBLISHED)
    assert list(Activity.objects.public()) == [public]


@pytest.mark.django_db
def test_organisations_for_lists_only_the_users_own():
    user = UserFactory()
    mine = OrganisationFactory(owner=user, status=Organisation.Status.PENDING)
    OrganisationFactory(owner=UserFactory())
    assert list(organisations_for(user)) == [mine]
    assert list(organisations_for(user, verified_only=True)) == []
    from django.contrib.auth.models import AnonymousUser

    assert list(organisations_for(AnonymousUser())) == []


@pytest.mark.django_db
def test_slugs_are_unique_and_avoid_reserved_words():
    first = OrganisationFactory(name="Aktiviteter")
    second = OrganisationFactory(name="Aktiviteter")
    assert first.slug != "aktiviteter"
    assert first.slug != second.slug


@pytest.mark.django_db
def test_languages_are_stored_as_codes_and_shown_in_swedish():
    organisation = OrganisationFactory()
    organisation.languages = ["ar", "sv", "ar", "prs"]
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.languages == ["ar", "sv", "prs"]
    assert [str(name) for name in organisation.language_names] == ["arabiska", "svenska", "dari"]
    assert Organisation.objects.filter(language_codes__contains=" sv ").count() == 1


@pytest.mark.django_db
def test_schedule_is_written_out_in_swedish():
    import datetime

    activity = ActivityFactory(
        weekday_codes="thu tue",
        start_time=datetime.time(17, 0),
        end_time=datetime.time(19, 30),
        schedule_note="Inte under skollov.",
    )
    assert activity.schedule_text == "tisdag, torsdag klockan 17:00–19:30 · Inte under skollov."
    activity = ActivityFactory(
        weekday_codes="",
        start_date=datetime.date(2026, 3, 3),
        end_date=datetime.date(2026, 3, 24),
    )
    assert activity.schedule_text == "3 mars 2026–24 mars 2026"
    assert ActivityFactory(
        weekday_codes="", schedule_note="Enligt överenskommelse."
    ).schedule_text == ("Enligt överenskommelse.")
