"""Volume data for benchmarks: many verified organisations with activities, built with
bulk_create. Safe to re-run: organisations are keyed by organisation number."""

import random

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from partners.factories import make_orgnr
from partners.languages import LANGUAGES
from partners.models import Activity, ActivityKind, Organisation, OrganisationArea
from portal.models import Municipality, TargetGroup

SERIAL_OFFSET = 500_000
WORDS = ["Språk", "Fika", "Framtid", "Gemenskap", "Bro", "Vänskap", "Möten", "Grannar"]
PLACES = ["föreningen", "nätverket", "alliansen", "cirkeln", "gruppen"]
AREAS = ["språkträning", "läxhjälp", "mentorskap", "idrott", "hälsa", "arbetsmarknad"]


class Command(BaseCommand):
    help = "Create --count verified organisations (with activities) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, count, seed, batch, **options):
        rng = random.Random(seed)
        municipalities = list(Municipality.objects.values_list("pk", flat=True))
        groups = list(TargetGroup.objects.values_list("pk", flat=True))
        codes = [code for code, _name in LANGUAGES]
        existing = set(
            Organisation.objects.filter(org_number__startswith="8025").values_list(
                "org_number", flat=True
            )
        )
        from taggit.models import Tag

        tags = [Tag.objects.get_or_create(name=name)[0] for name in AREAS]
        created = 0
        for start in range(0, count, batch):
            serials = range(start, min(start + batch, count))
            numbers = {s: make_orgnr(SERIAL_OFFSET + s) for s in serials}
            todo = [s for s in serials if numbers[s] not in existing]
            if not todo:
                continue
            with transaction.atomic():
                organisations = []
                for serial in todo:
                    organisation = Organisation(
                        name=f"{rng.choice(WORDS)}{rng.choice(PLACES)} {serial}",
                        slug=f"volym-{serial}",
                        org_number=numbers[serial],
                        status=Organisation.Status.VERIFIED,
                        description="Volymdata för prestandamätningar.",
                    )
                    organisation.languages = rng.sample(codes, 3)
                    organisations.append(organisation)
                organisations = Organisation.objects.bulk_create(organisations)
                organisations = list(
                    Organisation.objects.filter(org_number__in=[numbers[s] for s in todo]).only(
                        "pk"
                    )
                )
                Served = Organisation.municipalities.through
                Groups = Organisation.target_groups.through
                Served.objects.bulk_create(
                    Served(organisation_id=o.pk, municipality_id=m)
                    for o in organisations
                    for m in rng.sample(municipalities, 2)
                )
                Groups.objects.bulk_create(
                    Groups(organisation_id=o.pk, targetgroup_id=g)
                    for o in organisations
                    for g in rng.sample(groups, 2)
                )
                OrganisationArea.objects.bulk_create(
                    OrganisationArea(content_object_id=o.pk, tag=t)
                    for o in organisations
                    for t in rng.sample(tags, 2)
                )
                activities = []
                for o in organisations:
                    for index in range(2):
                        activity = Activity(
                            organisation_id=o.pk,
                            title=f"Aktivitet {index + 1} hos {o.pk}",
                            kind=rng.choice(ActivityKind.values),
                            status=Activity.Status.PUBLISHED,
                            description="Volymdata.",
                            municipality_id=rng.choice(municipalities),
                        )
                        activity.weekdays = [rng.choice(["mon", "tue", "wed", "thu"])]
                        activities.append(activity)
                Activity.objects.bulk_create(activities)
            created += len(todo)
            self.stdout.write(f"  {min(start + batch, count)}/{count} organisations")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE partners_organisation, partners_activity, "
                    "partners_organisation_municipalities, partners_organisationarea"
                )
        self.stdout.write(self.style.SUCCESS(f"Created {created} organisations."))
