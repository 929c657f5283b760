"""Volume data for benchmarks: N agreements across counties, types, statuses and years.

    manage.py agreements_volume_data --count 1000 --seed 1

Idempotent: agreements are named ``volym-<n>``; those that exist are kept, only the missing
ones are made. The page rows are inserted in bulk under the agreement index (treebeard paths
computed here), then each agreement row on top of its page row, so 1,000 agreements take
seconds.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page

from agreements.models import AgreementIndexPage, AgreementPage, AgreementParty
from portal.models import County, HomePage, Municipality


class Command(BaseCommand):
    help = "Create up to --count agreements (volume data for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        rng = random.Random(seed)
        index = AgreementIndexPage.objects.first()
        if index is None:
            home = HomePage.objects.first()
            if home is None:
                self.stderr.write("Load the demo content first (manage.py load_demo_content).")
                return
            index = AgreementIndexPage(title="Överenskommelser", slug="overenskommelser")
            home.add_child(instance=index)
            index.save_revision().publish()
        index.refresh_from_db()
        children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        existing = set(children.filter(slug__startswith="volym-").values_list("slug", flat=True))
        wanted = [n for n in range(1, count + 1) if f"volym-{n}" not in existing]
        if not wanted:
            Page.objects.filter(pk=index.pk).update(numchild=children.count())
            self.stdout.write(f"All {count} volume agreements exist.")
            return
        counties = list(County.objects.all())
        by_county = {}
        for m in Municipality.objects.all():
            by_county.setdefault(m.county_id, []).append(m)
        locale = Locale.get_default()
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(AgreementPage)
        last_child = children.order_by("-path").first()
        base_path = index.path
        step = Page.steplen
        last = int(last_child.path[-step:], 36) if last_child else 0
        pages, links = [], []
        with transaction.atomic():
            for i, n in enumerate(wanted, start=1):
                county = rng.choice(counties)
                start_year = rng.randint(2015, 2028)
                length = rng.randint(1, 4)
                valid_from = datetime.date(start_year, 1, 1)
                valid_to = datetime.date(start_year + length - 1, 12, 31)
                local = rng.random() < 0.6
                kind = AgreementPage.Kind.LOCAL if local else AgreementPage.Kind.REGIONAL
                label = "LÖK" if local else "RÖK"
                municipality = rng.choice(by_county[county.id]) if local else None
                place = municipality.name if local else county.name
                common = {
                    "title": f"{label} {place} {valid_from.year}–{valid_to.year} ({n})",
                    "slug": f"volym-{n}",
                }
                base = Page(
                    **common,
                    draft_title=common["title"],
                    path=base_path + _to_base36(last + i).rjust(step, "0"),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}volym-{n}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale=locale,
                    content_type=content_type,
                )
                detail = {
                    "kind": kind,
                    "county": None if local else county,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                    "adopted_by": "Lokala samverkansgruppen" if local else "Integrationsrådet",
                    "summary": f"Volymdata för prestandatest, nummer {n}.",
                }
                pages.append((base, detail, municipality))
            bases = Page.objects.bulk_create([base for base, _d, _m in pages])
            through = AgreementPage.municipalities.through
            parties = []
            for base, (_b, detail, municipality) in zip(bases, pages, strict=True):
                agreement = AgreementPage(page_ptr=base, **detail)
                agreement.__dict__.update({k: v for k, v in base.__dict__.items() if k != "_state"})
                agreement.save_base(raw=True)
                if municipality is not None:
                    links.append(through(agreementpage_id=base.pk, municipality_id=municipality.pk))
                parties.append(
                    AgreementParty(page_id=base.pk, name="Arbetsförmedlingen", sort_order=0)
                )
            through.objects.bulk_create(links)
            AgreementParty.objects.bulk_create(parties)
            Page.objects.filter(pk=index.pk).update(numchild=children.count())
        self.stdout.write(f"Created {len(bases)} agreements ({count} wanted, seed {seed}).")


def _to_base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
