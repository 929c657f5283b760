"""Saved-search items remember which version of an item was sent, so a changed item is sent
again once. Items recorded before get the time they were recorded as their version: only an
item changed after that counts as changed."""

import datetime

from django.db import migrations, models


def version(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else ""


def versions_from_when_recorded(apps, schema_editor):
    SavedSearchItem = apps.get_model("portal", "SavedSearchItem")
    rows = SavedSearchItem.objects.select_related("saved_search").order_by("pk")
    batch = []
    for item in rows.iterator(chunk_size=2000):
        item.version = version(item.sent_at or item.saved_search.confirmed_at)
        batch.append(item)
        if len(batch) == 2000:
            SavedSearchItem.objects.bulk_update(batch, ["version"])
            batch = []
    SavedSearchItem.objects.bulk_update(batch, ["version"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_saved_searches_for_alerts"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="savedsearchitem",
            name="unique_saved_search_item",
        ),
        migrations.AddField(
            model_name="savedsearchitem",
            name="version",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.RunPython(versions_from_when_recorded, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="savedsearchitem",
            constraint=models.UniqueConstraint(
                fields=("saved_search", "key", "version"), name="unique_saved_search_item_version"
            ),
        ),
    ]
