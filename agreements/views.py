"""The settlement-quota CSV import (admin). The agreement register's permanent redirect from
the old filter names lives in AgreementIndexPage.serve."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wagtail.admin import messages

from .forms import QuotaImportForm
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
