"""One registry of the personal data the portal holds, so that export and erasure cover it all.

Each app registers, in its ``AppConfig.ready``, a source: a name (the section of the export), an
``export(user)`` that returns JSON-ready data, an ``erase(user)`` that deletes or anonymises that
data and returns how many records it touched, and ``kept``: what stays after erasure and why
(empty when nothing stays). Account deletion calls every eraser before the user row goes, and the
deletion page lists every ``kept`` text, so what the page says is what the code does.

Personal data is found through the user's *verified* addresses only: an address someone typed but
never confirmed proves nothing about who they are.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

_sources = {}


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    export: Callable
    erase: Callable | None = None
    kept: str = ""
    order: int = 100


def register_personal_data(name, export, erase=None, kept="", order=100):
    """Add (or replace, on a repeated ``ready``) the source called ``name``."""
    _sources[name] = PersonalDataSource(name, export, erase, kept, order)


def personal_data_sources():
    return sorted(_sources.values(), key=lambda source: (source.order, source.name))


def verified_emails(user):
    """The user's confirmed addresses, lower-cased; empty for an anonymous or unverified user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    from allauth.account.models import EmailAddress

    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def export_for(user):
    """Everything registered about ``user`` as one JSON-ready dict."""
    data = {"exported_at": timezone.now().isoformat()}
    for source in personal_data_sources():
        data[source.name] = source.export(user)
    return data


def erase_for(user):
    """Run every eraser for ``user`` in one transaction; returns ``{name: records touched}``."""
    touched = {}
    with transaction.atomic():
        for source in personal_data_sources():
            if source.erase is not None:
                touched[source.name] = source.erase(user) or 0
    return touched


def kept_after_erasure():
    """``[(name, why)]`` for every source that keeps something after the account is deleted."""
    return [(source.name, source.kept) for source in personal_data_sources() if source.kept]
