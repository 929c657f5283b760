"""Make the load test's actors and pick the URLs it visits; writes bench/results/load_fixture.json.

Run after the volume data exists. Safe to re-run: the bench accounts are looked up by address,
the chosen events get fresh places (their earlier bench sign-ups are removed).
"""

import json
import sys

from django_setup import ROOT, setup

MEMBERS = 12
SIGNUP_EVENTS = 6
CAPACITY = 8
PASSWORD = "bench-load-test-password-1"


def main():
    setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.utils import timezone

    from wagtail.models import Page

    from allauth.account.models import EmailAddress

    from agreements.models import AgreementPage
    from events.models import EventPage, Signup
    from partners.models import Membership, Organisation
    from portal.factories import StandardPageFactory
    from portal.models import HomePage

    User = get_user_model()
    now = timezone.now()

    members = []
    organisations = list(Organisation.objects.public().order_by("pk")[:MEMBERS])
    for number, organisation in enumerate(organisations):
        email = f"bench-member-{number}@example.se"
        user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": Membership.Role.OWNER}
        )
        members.append({"email": email, "organisation": organisation.pk, "slug": organisation.slug})

    upcoming = (
        EventPage.objects.live()
        .public()
        .filter(occurrences__start__gt=now + timezone.timedelta(days=7))
        .distinct()
        .order_by("pk")
    )
    signup_events = []
    for event in upcoming[: SIGNUP_EVENTS * 3]:
        Signup.objects.filter(event=event).delete()
        event.signup_enabled = True
        event.capacity = CAPACITY
        event.signup_deadline = None
        event.save_revision().publish()
        event.refresh_from_db()
        if event.signup_closed_reason() is None:  # not cancelled
            signup_events.append({"pk": event.pk, "url": event.get_url(), "capacity": CAPACITY})
        if len(signup_events) == SIGNUP_EVENTS:
            break

    home = HomePage.objects.first()
    staff, _ = User.objects.get_or_create(
        username="bench-staff@example.se",
        defaults={"email": "bench-staff@example.se", "is_staff": True, "is_superuser": True},
    )
    news = Page.objects.filter(slug="bench-nyheter").first()
    if news is None:
        news = StandardPageFactory(parent=home, title="Nyheter (last)", slug="bench-nyheter")
    news_pages = []
    for number in range(5):
        slug = f"bench-nyhet-{number}"
        page = Page.objects.filter(slug=slug).first()
        if page is None:
            page = StandardPageFactory(parent=news, title=f"Nyhet {number}", slug=slug)
        news_pages.append({"pk": page.pk, "url": page.get_url()})

    agreements = [p.get_url() for p in AgreementPage.objects.live().public().order_by("?")[:200]]
    events = [p.get_url() for p in EventPage.objects.live().public().order_by("?")[:200]]
    organisation_slugs = list(
        Organisation.objects.public().order_by("?").values_list("slug", flat=True)[:200]
    )
    fixture = {
        "password": PASSWORD,
        "members": members,
        "signup_events": signup_events,
        "staff": staff.pk,
        "news_parent": news.get_url(),
        "news_pages": news_pages,
        "agreements": agreements,
        "events": events,
        "organisations": [f"/foreningar/{slug}/" for slug in organisation_slugs],
    }
    out = ROOT / "bench" / "results" / "load_fixture.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fixture, indent=2, ensure_ascii=False))
    cache.clear()
    print(
        f"{len(members)} members, {len(signup_events)} sign-up events, {len(agreements)} "
        f"agreements, {len(events)} events, {len(organisation_slugs)} organisations -> {out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
