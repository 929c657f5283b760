"""Volume data for benchmarks: many events with occurrences, places and topics, from a seed.

    python manage.py events_volume_data --count 5000 --seed 1

Pages are added one by one with treebeard's add_child (no revisions, which are the slow part);
occurrences, municipalities and topics are bulk-created. Re-running adds only what is missing.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from taggit.models import Tag

from events.models import CalendarIndexPage, EventOccurrence, EventPage, EventTopic
from events.models.event import STOCKHOLM
from portal.models import HomePage, Municipality, TargetGroup

TOPICS = [
    "mottagande av kvotflyktingar",
    "samhällsorientering",
    "traumamedvetet bemötande",
    "SFI och arbetsmarknad",
    "massflyktsdirektivet",
    "civilsamhällets roll",
    "LÖK-arbete",
    "ensamkommande barn",
]
WORDS = ["Introduktion till", "Fördjupning i", "Nätverksträff om", "Webbinarium om", "Kurs i"]


class Command(BaseCommand):
    help = "Create volume events under the calendar for benchmarks (--count, --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        count, seed = options["count"], options["seed"]
        if count < 0:
            raise CommandError("--count must be zero or more.")
        rng = random.Random(seed)
        calendar = CalendarIndexPage.objects.first()
        if calendar is None:
            home = HomePage.objects.first()
            if home is None:
                raise CommandError("Load the demo content first (there is no home page).")
            calendar = CalendarIndexPage(title="Kalender", slug="kalender")
            home.add_child(instance=calendar)
        municipalities = list(Municipality.objects.all())
        groups = list(TargetGroup.objects.all())
        tags = [Tag.objects.get_or_create(name=name)[0] for name in TOPICS]
        existing = set(
            EventPage.objects.child_of(calendar)
            .filter(slug__startswith=f"volym-{seed}-")
            .values_list("slug", flat=True)
        )
        today = timezone.localdate()
        started = time.monotonic()
        created = 0
        for n in range(count):
            slug = f"volym-{seed}-{n}"
            if slug in existing:
                continue
            with transaction.atomic():
                self._create(calendar, slug, n, rng, today, municipalities, groups, tags)
            created += 1
            if created % 250 == 0:
                rate = created / (time.monotonic() - started)
                self.stdout.write(f"  {created}/{count - len(existing)} events ({rate:.0f}/s)")
                calendar.refresh_from_db()
        self.stdout.write(
            f"Created {created} events in {time.monotonic() - started:.1f} s "
            f"({len(existing)} were already there)."
        )

    def _create(self, calendar, slug, n, rng, today, municipalities, groups, tags):
        topic = rng.choice(TOPICS)
        page = EventPage(
            title=f"{rng.choice(WORDS)} {topic} {n}",
            slug=slug,
            summary=f"Ett tillfälle för offentliganställda och frivilliga att lära sig mer om {topic}.",
            organiser_name=rng.choice(["Länsstyrelsen Dalarna", "Länsstyrelsen Blekinge"]),
            format=rng.choice(["onsite", "online", "hybrid"]),
            venue="Kommunhuset",
            address="Storgatan 1",
            signup_enabled=rng.random() < 0.5,
            capacity=rng.choice([None, 20, 40]),
            live=True,
        )
        calendar.add_child(instance=page)
        day = today + datetime.timedelta(days=rng.randint(-120, 365))
        hour = rng.choice([9, 10, 13, 18])
        sessions = rng.choice([1, 1, 1, 2, 3])
        EventOccurrence.objects.bulk_create(
            EventOccurrence(
                page=page,
                start=datetime.datetime.combine(
                    day + datetime.timedelta(weeks=k), datetime.time(hour), tzinfo=STOCKHOLM
                ),
                end=datetime.datetime.combine(
                    day + datetime.timedelta(weeks=k), datetime.time(hour + 3), tzinfo=STOCKHOLM
                ),
                sort_order=k,
            )
            for k in range(sessions)
        )
        chosen = rng.sample(municipalities, 2)
        EventPage.municipalities.through.objects.bulk_create(
            EventPage.municipalities.through(eventpage_id=page.pk, municipality_id=m.pk)
            for m in chosen
        )
        EventPage.counties.through.objects.bulk_create(
            EventPage.counties.through(eventpage_id=page.pk, county_id=county_id)
            for county_id in {m.county_id for m in chosen}
        )
        if groups:
            EventPage.target_groups.through.objects.bulk_create(
                [
                    EventPage.target_groups.through(
                        eventpage_id=page.pk, targetgroup_id=rng.choice(groups).pk
                    )
                ]
            )
        EventTopic.objects.bulk_create(
            EventTopic(content_object_id=page.pk, tag=tag) for tag in rng.sample(tags, 2)
        )
