"""What data migrations of several apps share."""


def forget_references(app_label, model_names):
    """A ``RunPython`` function removing the Wagtail reference-index rows of these models (once
    they are marked ``wagtail_reference_index_ignore``, nothing writes new ones)."""

    def forget(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
        types = ContentType.objects.filter(app_label=app_label, model__in=model_names)
        ReferenceIndex.objects.filter(content_type__in=types).delete()

    return forget
