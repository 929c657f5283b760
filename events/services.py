"""Sign-up rules: capacity, waiting list, duplicates, deadlines and cancellation.

Capacity must hold when many people sign up at once, so every change that counts places locks
the event's row first (``select_for_update``; PostgreSQL honours it, SQLite serialises writes).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EventPage, Signup


class SignupRefused(Exception):
    """Sign-up or cancellation not possible; ``message`` is for the visitor."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def _lock_event(event_id):
    return (
        EventPage.objects.select_for_update(of=("self",))
        .prefetch_related("occurrences")
        .get(pk=event_id)
    )


def _promote_waiting(event):
    """Move people from the waiting list while there are free places; returns them."""
    promoted = []
    free = None if event.capacity is None else event.capacity - event.signups.confirmed().count()
    waiting = event.signups.waiting().order_by("created_at", "pk")
    for signup in waiting if free is None else waiting[: max(free, 0)]:
        signup.status = Signup.Status.CONFIRMED
        signup.promoted_at = timezone.now()
        signup.save(update_fields=["status", "promoted_at"])
        promoted.append(signup)
    return promoted


def sign_up(event, *, name, email, employer, municipality=None, needs="", now=None):
    """Create a confirmed or waiting sign-up and e-mail the person; raises SignupRefused."""
    from .emails import send_signup_email

    email_normalised = Signup.normalise_email(email)
    try:
        with transaction.atomic():
            locked = _lock_event(event.pk)
            reason = locked.signup_closed_reason(now)
            if reason:
                raise SignupRefused(reason)
            if locked.signups.active().filter(email_normalised=email_normalised).exists():
                raise SignupRefused(
                    _("This e-mail address is already signed up for the event."), field="email"
                )
            confirmed = locked.signups.confirmed().count()
            full = locked.capacity is not None and confirmed >= locked.capacity
            signup = Signup.objects.create(
                event=locked,
                name=name.strip(),
                email=email.strip(),
                employer=employer.strip(),
                municipality=municipality,
                needs=needs.strip(),
                status=Signup.Status.WAITING if full else Signup.Status.CONFIRMED,
            )
    except IntegrityError:
        raise SignupRefused(
            _("This e-mail address is already signed up for the event."), field="email"
        ) from None
    send_signup_email.enqueue(signup.pk, signup.status)
    return signup


def cancel_signup(signup_id):
    """Cancel a sign-up, free its place and promote the first on the waiting list."""
    from .emails import send_signup_email

    with transaction.atomic():
        signup = Signup.objects.select_related("event").get(pk=signup_id)
        event = _lock_event(signup.event_id)
        signup = Signup.objects.select_for_update().get(pk=signup_id)
        if signup.status == Signup.Status.CANCELLED or signup.anonymised_at:
            raise SignupRefused(_("This sign-up has already been cancelled."))
        signup.status = Signup.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_waiting(event) if not event.is_cancelled else []
    send_signup_email.enqueue(signup.pk, "cancelled")
    for person in promoted:
        send_signup_email.enqueue(person.pk, "promoted")
    return signup, promoted


def promote_after_capacity_change(event_id):
    """Staff raised the capacity: give the new places to the waiting list, in order."""
    from .emails import send_signup_email

    with transaction.atomic():
        event = _lock_event(event_id)
        if event.is_cancelled:
            return []
        promoted = _promote_waiting(event)
    for person in promoted:
        send_signup_email.enqueue(person.pk, "promoted")
    return promoted
