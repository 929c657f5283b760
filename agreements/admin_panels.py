"""The Wagtail dashboard panel: agreements that expire within 90 days."""

import datetime

from django.utils import timezone

from wagtail.admin.ui.components import Component

from .models import EXPIRY_WARNING_DAYS, AgreementPage


class ExpiringAgreementsPanel(Component):
    name = "expiring_agreements"
    template_name = "agreements/admin/expiring_panel.html"
    order = 110

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        limit = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        agreements = list(
            AgreementPage.objects.live()
            .filter(valid_from__lte=today, valid_to__gte=today, valid_to__lt=limit)
            .select_related("county")
            .order_by("valid_to")[:50]
        )
        return {"agreements": agreements, "limit_days": EXPIRY_WARNING_DAYS}
