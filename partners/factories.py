"""Factories for organisations, members and activities (tests, volume data for benchmarks)."""

from django.contrib.auth import get_user_model

import factory
from stdnum.se import orgnr

from .models import Activity, ActivityKind, Invitation, Membership, Organisation


def luhn_check_digit(digits):
    """The Luhn check digit for nine digits (the tenth digit of a Swedish orgnr)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def make_orgnr(serial, prefix="802"):
    """A valid organisation number: ``prefix`` + serial padded to nine digits + check digit."""
    body = f"{prefix}{serial % 10**6:06d}"
    return orgnr.format(body + luhn_check_digit(body))


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"anvandare{n}")
    email = factory.Sequence(lambda n: f"anvandare{n}@example.se")
    password = factory.django.Password("Hemligt-losen-123")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Förening nummer {n}")
    org_number = factory.Sequence(lambda n: make_orgnr(n + 1))
    description = "Vi driver språkcafé och läxhjälp med frivilliga."
    status = Organisation.Status.VERIFIED

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted:
            Membership.objects.create(user=extracted, organisation=self, role=Membership.Role.OWNER)


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.EDITOR

    class Meta:
        model = Membership


class ActivityFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Språkcafé {n}")
    kind = ActivityKind.LANGUAGE_CAFE
    description = "Vi träffas och pratar svenska över en kopp kaffe."
    status = Activity.Status.PUBLISHED
    weekday_codes = "tue"
    is_online = True

    class Meta:
        model = Activity


class InvitationFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"inbjuden{n}@example.se")
    role = Membership.Role.EDITOR

    class Meta:
        model = Invitation
