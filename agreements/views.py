"""The settlement-quota CSV import (admin), and the agreement register's permanent redirect
from the old filter names (county, municipality, type, year, page, status=in_force…)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages

from portal.opendata.params import legacy_redirect

from .forms import QuotaImportForm
from .models import AgreementIndexPage
from .quota_import import COLUMNS, import_quotas

MAX_UPLOAD = 2 * 1024 * 1024


def can_import_quotas(user):
    """An import adds and changes rows: both permissions (the menu item asks the same)."""
    return user.has_perm("agreements.add_settlementquota") and user.has_perm(
        "agreements.change_settlementquota"
    )


def quota_import(request):
    if not can_import_quotas(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = QuotaImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("The file is too large (at most 2 MB)."))
            else:
                result = import_quotas(upload.read())
                if result.ok:
                    messages.success(
                        request,
                        _("Imported: %(created)s new rows, %(updated)s updated rows.")
                        % {"created": result.created, "updated": result.updated},
                    )
                    return redirect("agreements_quota_import")
    else:
        form = QuotaImportForm()
    return render(
        request,
        "agreements/admin/quota_import.html",
        {"form": form, "result": result, "columns": COLUMNS},
        status=400 if result is not None and not result.ok else 200,
    )


@hooks.register("before_serve_page")
def agreement_index_legacy_redirect(page, request, serve_args, serve_kwargs):
    """The register is a Wagtail page: old addresses are answered before it is served."""
    if isinstance(page, AgreementIndexPage):
        return legacy_redirect(request)
    return None
