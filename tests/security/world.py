"""One small portal with every persona of the go-live gate (issue 11), built once per module.

Building pages, organisations and search entries for every test would take minutes; the
security tests only read this data (what they change is rolled back with each test), so each
module builds it once inside a transaction that is rolled back when the module is done.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

PASSWORD = "Hemligt-losen-123"
DIRECTORY_REVIEWERS = "Granskare av föreningar"
CALENDAR_REVIEWERS = "Granskare av evenemang"

PERSONAS = (
    "anonymous",
    "unverified",
    "no_organisation",
    "member_a",
    "owner_a",
    "owner_b",
    "reviewer",
    "staff",
    "superuser",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def on_commit_runs():
    """Run on-commit work (search indexing, e-mail tasks) inside the module's transaction."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def in_stockholm(days, hour=9):
    from events.models.event import STOCKHOLM

    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=STOCKHOLM)


def make_user(email, *, verified=True, **extra):
    from partners.factories import UserFactory

    user = UserFactory(username=email.split("@")[0], email=email, verified_email=verified, **extra)
    if not verified:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": False, "primary": True}
        )
    return user


def build_people_and_organisations(world):
    from django.contrib.auth import get_user_model

    from partners.factories import (
        ActivityFactory,
        InvitationFactory,
        MembershipFactory,
        OrganisationFactory,
    )
    from partners.models import Activity, Membership, Organisation
    from portal.models import Municipality

    leksand = Municipality.objects.get(code="2029")
    users = world.users
    users["unverified"] = make_user("overifierad@example.se", verified=False)
    users["no_organisation"] = make_user("utan.forening@example.se")
    users["member_a"] = make_user("redaktor.a@example.se")
    users["owner_a"] = make_user("agare.a@example.se")
    users["owner_b"] = make_user("agare.b@example.se")
    users["reviewer"] = make_user("granskare@example.se")
    for name in (DIRECTORY_REVIEWERS, CALENDAR_REVIEWERS):
        group, _created = Group.objects.get_or_create(name=name)
        users["reviewer"].groups.add(group)
    users["staff"] = make_user("personal@example.se", is_staff=True)
    users["superuser"] = make_user("admin@example.se", is_staff=True, is_superuser=True)
    get_user_model().objects.filter(pk=users["superuser"].pk).update(is_superuser=True)

    org_a = OrganisationFactory(
        name="Språkvännerna i Leksand",
        owner=users["owner_a"],
        municipalities=[leksand],
        status=Organisation.Status.VERIFIED,
    )
    org_b = OrganisationFactory(
        name="Grannföreningen i Rättvik",
        owner=users["owner_b"],
        municipalities=[leksand],
        status=Organisation.Status.VERIFIED,
    )
    membership_a = MembershipFactory(
        organisation=org_a, user=users["member_a"], role=Membership.Role.EDITOR
    )
    world.objects.update(
        leksand=leksand,
        org_a=org_a,
        org_b=org_b,
        membership_a=membership_a,
        activity_a=ActivityFactory(
            organisation=org_a, municipality=leksand, title="Språkcafé på biblioteket"
        ),
        draft_activity_a=ActivityFactory(
            organisation=org_a, title="Läxhjälp (utkast)", status=Activity.Status.DRAFT
        ),
        activity_b=ActivityFactory(organisation=org_b, title="Promenader i Rättvik"),
        invitation_a=InvitationFactory(
            organisation=org_a, email=users["no_organisation"].email, invited_by=users["owner_a"]
        ),
    )


def build_site(world):
    from agreements.factories import (
        AgreementIndexPageFactory,
        AgreementPageFactory,
        SettlementQuotaFactory,
        SettlementQuotaPageFactory,
    )
    from events.factories import CalendarIndexPageFactory, make_event
    from events.models import Signup
    from portal.factories import make_site

    home = make_site()
    calendar = CalendarIndexPageFactory(parent=home)
    calendar.save_revision().publish()
    event = make_event(
        calendar,
        in_stockholm(20),
        title="Traumamedvetet bemötande",
        slug="trauma",
        signup_enabled=True,
        capacity=None,
        publish=True,
    )
    signup = Signup.objects.create(
        event=event, name="Deltagare Ett", email="deltagare@example.se", employer="Leksand"
    )
    quotas = SettlementQuotaPageFactory(parent=home)
    quotas.save_revision().publish()
    SettlementQuotaFactory()
    agreements = AgreementIndexPageFactory(parent=home)
    agreements.save_revision().publish()
    agreement = AgreementPageFactory(parent=agreements, title="RÖK Blekinge 2025–2027")
    agreement.save_revision().publish()
    world.objects.update(
        home=home,
        calendar=calendar,
        event=event,
        signup=signup,
        quotas=quotas,
        agreements=agreements,
        agreement=agreement,
    )


def build_documents(world):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    root = Collection.get_first_root_node()
    document = Document(title="Offentlig bilaga", collection=root)
    document.file.save("bilaga.txt", ContentFile(b"Offentlig bilaga"), save=False)
    document.save()
    locked = root.add_child(name="Med lösenord")
    restriction = CollectionViewRestriction.objects.create(
        collection=locked, restriction_type=CollectionViewRestriction.PASSWORD, password="hemligt"
    )
    world.objects.update(document=document, document_restriction=restriction)


def make_locked_event(calendar):
    from events.factories import make_event

    return make_event(
        calendar, in_stockholm(21), title="Kurs bakom lösenord", slug="lasta", publish=True
    )


def restrict(page, kind, password=""):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)


def build_world():
    world = World()
    with on_commit_runs():
        build_site(world)
        build_people_and_organisations(world)
        build_documents(world)
        locked_event = make_locked_event(world.calendar)
        world.objects["password_restriction"] = restrict(
            locked_event, PageViewRestriction.PASSWORD, "hemligt"
        )
        world.objects["locked_event"] = locked_event
    return world


def login_as(client, world, persona):
    """Log ``client`` in as ``persona`` the way that persona really can.

    The unverified account tries every door with its correct password (allauth's login, the
    admin's login, Wagtail's front-end login); mandatory e-mail verification must keep all of them
    shut, so the client is expected to stay anonymous.
    """
    if persona == "anonymous":
        return client
    user = world.users[persona]
    if persona == "unverified":
        try_every_login_door(client, user.email, PASSWORD)
        return client
    client.force_login(user)
    return client


LOGIN_DOORS = ("/konto/login/", "/admin/login/", "/_util/login/")


def try_every_login_door(client, email, password):
    for door in LOGIN_DOORS:
        client.post(
            door,
            {"login": email, "username": email, "password": password},
        )


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")
