"""Give each new agreement index the review workflow and the editors' page permissions."""

from django.apps import apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AgreementIndexPage
from .moderation import ensure_page_setup


@receiver(post_save, sender=AgreementIndexPage)
def set_up_moderation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_page_setup(apps, instance.pk)
