"""Volume data for benchmarks: many events with occurrences, places and topics, from a seed.

    python manage.py events_volume_data --count 5000 --seed 1

Pages go in by the thousand: the tree paths are computed here (treebeard's materialised path:
the calendar's path plus a step per child), the page rows and the event rows are each inserted
in one statement per batch, and occurrences, places, target groups and topics are bulk-created.
No revisions and no search indexing: this is data to time the calendar with, not content.
Re-running with the same seed adds only what is missing.
"""

import datetime
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Page

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
BATCH = 500


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
        self.calendar = calendar
        self.municipalities = list(Municipality.objects.all())
        self.groups = list(TargetGroup.objects.all())
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TOPICS]
        self.content_type = ContentType.objects.get_for_model(EventPage)
        self.today = timezone.localdate()
        existing = set(
            EventPage.objects.child_of(calendar)
            .filter(slug__startswith=f"volym-{seed}-")
            .values_list("slug", flat=True)
        )
        # every event draws its values in order, so a re-run makes the same events
        plans = [(n, self._plan(n, rng)) for n in range(count)]
        missing = [(n, plan) for n, plan in plans if f"volym-{seed}-{n}" not in existing]
        started = time.monotonic()
        created = 0
        for offset in range(0, len(missing), BATCH):
            with transaction.atomic():
                created += self._create_batch(seed, missing[offset : offset + BATCH])
            rate = created / max(time.monotonic() - started, 0.001)
            self.stdout.write(f"  {created}/{len(missing)} events ({rate:.0f}/s)")
        self.stdout.write(
            f"Created {created} events in {time.monotonic() - started:.1f} s "
            f"({len(existing)} were already there)."
        )

    def _plan(self, n, rng):
        topic = rng.choice(TOPICS)
        return {
            "title": f"{rng.choice(WORDS)} {topic} {n}",
            "topic": topic,
            "organiser_name": rng.choice(["Länsstyrelsen Dalarna", "Länsstyrelsen Blekinge"]),
            "format": rng.choice(["onsite", "online", "hybrid"]),
            "signup_enabled": rng.random() < 0.5,
            "capacity": rng.choice([None, 20, 40]),
            "day": self.today + datetime.timedelta(days=rng.randint(-120, 365)),
            "hour": rng.choice([9, 10, 13, 18]),
            "sessions": rng.choice([1, 1, 1, 2, 3]),
            "municipalities": rng.sample(self.municipalities, 2),
            "group": rng.choice(self.groups) if self.groups else None,
            "tags": rng.sample(self.tags, 2),
        }

    def _create_batch(self, seed, batch):
        calendar = Page.objects.select_for_update().get(pk=self.calendar.pk)
        last = calendar.get_last_child()
        position = Page._str2int(last.path[-Page.steplen :]) if last else 0
        now = timezone.now()
        depth = calendar.depth + 1
        pages = []
        for index, (n, plan) in enumerate(batch, start=1):
            slug = f"volym-{seed}-{n}"
            pages.append(
                Page(
                    path=Page._get_path(calendar.path, depth, position + index),
                    depth=depth,
                    numchild=0,
                    title=plan["title"],
                    draft_title=plan["title"],
                    slug=slug,
                    url_path=f"{calendar.url_path}{slug}/",
                    content_type=self.content_type,
                    locale_id=calendar.locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        Page.objects.bulk_create(pages)
        if any(page.pk is None for page in pages):  # a database without RETURNING
            ids = dict(
                Page.objects.filter(path__in=[page.path for page in pages]).values_list(
                    "path", "pk"
                )
            )
            for page in pages:
                page.pk = page.id = ids[page.path]
        events = []
        for page, (_n, plan) in zip(pages, batch, strict=True):
            event = EventPage(
                page_ptr_id=page.pk,
                summary="Ett tillfälle för offentliganställda och frivilliga att lära sig mer om "
                f"{plan['topic']}.",
                organiser_name=plan["organiser_name"],
                format=plan["format"],
                venue="Kommunhuset",
                address="Storgatan 1",
                signup_enabled=plan["signup_enabled"],
                capacity=plan["capacity"],
            )
            events.append(event)
        # bulk_create refuses multi-table models: insert the event rows beside the page rows
        fields = [field for field in EventPage._meta.local_concrete_fields]
        EventPage._base_manager._insert(events, fields=fields, using=connection.alias)
        Page.objects.filter(pk=calendar.pk).update(numchild=F("numchild") + len(pages))
        self._related_rows(pages, batch)
        return len(pages)

    def _related_rows(self, pages, batch):
        occurrences, places, counties, groups, topics = [], [], [], [], []
        through = EventPage.municipalities.through
        county_through = EventPage.counties.through
        group_through = EventPage.target_groups.through
        for page, (_n, plan) in zip(pages, batch, strict=True):
            for k in range(plan["sessions"]):
                day = plan["day"] + datetime.timedelta(weeks=k)
                occurrences.append(
                    EventOccurrence(
                        page_id=page.pk,
                        start=datetime.datetime.combine(
                            day, datetime.time(plan["hour"]), tzinfo=STOCKHOLM
                        ),
                        end=datetime.datetime.combine(
                            day, datetime.time(plan["hour"] + 3), tzinfo=STOCKHOLM
                        ),
                        sort_order=k,
                    )
                )
            chosen = plan["municipalities"]
            places += [through(eventpage_id=page.pk, municipality_id=m.pk) for m in chosen]
            counties += [
                county_through(eventpage_id=page.pk, county_id=county_id)
                for county_id in {m.county_id for m in chosen}
            ]
            if plan["group"] is not None:
                groups.append(group_through(eventpage_id=page.pk, targetgroup_id=plan["group"].pk))
            topics += [EventTopic(content_object_id=page.pk, tag=tag) for tag in plan["tags"]]
        EventOccurrence.objects.bulk_create(occurrences)
        through.objects.bulk_create(places)
        county_through.objects.bulk_create(counties)
        group_through.objects.bulk_create(groups)
        EventTopic.objects.bulk_create(topics)
