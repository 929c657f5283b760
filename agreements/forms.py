"""Forms: the agreement page's admin form and the settlement-quota CSV upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class AgreementPageForm(WagtailAdminPageForm):
    """Hands the chosen municipalities to the page before the model's clean() runs, so the
    LÖK rule sees what the editor picked rather than what was saved before."""

    def clean(self):
        cleaned_data = super().clean()
        if "municipalities" in cleaned_data:
            self.instance.municipalities = cleaned_data["municipalities"]
        return cleaned_data


class QuotaImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: year, municipality_code, group, number. Comma or semicolon separated, UTF-8."
        ),
    )
