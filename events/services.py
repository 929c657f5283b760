"""Sign-up rules: capacity, waiting list, duplicates, deadlines, cancellation and erasure.

Capacity must hold when many people sign up at once, so every change that counts places locks
the event's row first (``select_for_update``; PostgreSQL honours it, SQLite serialises writes).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EventPage, Signup, SignupAnswer


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


def has_started(event, now=None):
    """True once the first session has begun: from then on nobody is moved up from the waiting
    list (a place in a session under way is no use)."""
    first = event.first_occurrence
    return first is not None and first.start <= (now or timezone.now())


def _promote_waiting(event, now=None):
    """Move people from the waiting list while there are free places; returns them."""
    if event.is_cancelled or has_started(event, now):
        return []
    promoted = []
    free = None if event.capacity is None else event.capacity - event.signups.confirmed().count()
    waiting = event.signups.waiting().order_by("created_at", "pk")
    for signup in waiting if free is None else waiting[: max(free, 0)]:
        signup.status = Signup.Status.CONFIRMED
        signup.promoted_at = timezone.now()
        signup.save(update_fields=["status", "promoted_at"])
        promoted.append(signup)
    return promoted


class SignupResult:
    """What the visitor is told after a sign-up: the same whether the address was new or already
    signed up, so the form reveals nothing about who attends."""

    def __init__(self, name, email, status):
        self.name, self.email, self.status = name, email, status


def sign_up(
    event,
    *,
    name,
    email,
    employer,
    municipality=None,
    needs="",
    answers=(),
    user=None,
    now=None,
):
    """Create a confirmed or waiting sign-up and e-mail the person; raises SignupRefused.

    ``answers`` are (RegistrationQuestion, value) pairs, stored with the sign-up in the same
    transaction. An address that is already signed up gets an e-mail with its cancel link instead, and the
    answer is what a new sign-up would have got. ``user`` is the logged-in account, if any.
    """
    from .emails import send_already_signed_up_email, send_signup_email

    email_normalised = Signup.normalise_email(email)
    existing = None
    try:
        with transaction.atomic():
            locked = _lock_event(event.pk)
            reason = locked.signup_closed_reason(now)
            if reason:
                raise SignupRefused(reason)
            confirmed = locked.signups.confirmed().count()
            full = locked.capacity is not None and confirmed >= locked.capacity
            status = Signup.Status.WAITING if full else Signup.Status.CONFIRMED
            existing = locked.signups.active().filter(email_normalised=email_normalised).first()
            if existing is None:
                signup = Signup.objects.create(
                    event=locked,
                    user=user if user is not None and user.is_authenticated else None,
                    name=name.strip(),
                    email=email.strip(),
                    employer=employer.strip(),
                    municipality=municipality,
                    needs=needs.strip(),
                    status=status,
                )
                SignupAnswer.objects.bulk_create(
                    SignupAnswer(
                        signup=signup,
                        question=question,
                        label=question.label,
                        kind=question.kind,
                        value=value,
                        position=position,
                    )
                    for position, (question, value) in enumerate(answers)
                )
    except IntegrityError:  # the same address signed up at the same moment
        existing = event.signups.active().filter(email_normalised=email_normalised).first()
        if existing is None:  # and was cancelled at once: nothing to answer but "try again"
            raise SignupRefused(_("The sign-up could not be saved. Please try again.")) from None
        status = existing.status
    if existing is not None:
        send_already_signed_up_email.enqueue(existing.pk)
        return SignupResult(name.strip(), email.strip(), status)
    send_signup_email.enqueue(signup.pk, signup.status)
    return SignupResult(signup.name, signup.email, signup.status)


def _cancel(signup_id, now=None):
    """Cancel inside the caller's transaction; returns (signup, promoted)."""
    signup = Signup.objects.select_related("event").get(pk=signup_id)
    event = _lock_event(signup.event_id)
    signup = Signup.objects.select_for_update().get(pk=signup_id)
    if signup.status == Signup.Status.CANCELLED or signup.anonymised_at:
        raise SignupRefused(_("This sign-up has already been cancelled."))
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = now or timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    return signup, _promote_waiting(event, now)


def cancel_signup(signup_id):
    """Cancel a sign-up, free its place and, before the event starts, promote the first on the
    waiting list."""
    from .emails import send_signup_email

    with transaction.atomic():
        signup, promoted = _cancel(signup_id)
    send_signup_email.enqueue(signup.pk, "cancelled")
    for person in promoted:
        send_signup_email.enqueue(person.pk, "promoted")
    return signup, promoted


def erase_signups(signups, now=None):
    """Account deletion: every sign-up loses its name, e-mail, employer and needs. A place in an
    event that has not started is freed first, as by a cancellation (the waiting list moves up);
    a sign-up for a past event keeps its status, so the event's counts stay right."""
    from .emails import send_signup_email

    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        for signup in signups:
            if signup.status != Signup.Status.CANCELLED and not has_started(signup.event, now):
                _signup, moved_up = _cancel(signup.pk, now)
                promoted.extend(moved_up)
            fresh = Signup.objects.get(pk=signup.pk)
            fresh.anonymise(now)
    for person in promoted:
        send_signup_email.enqueue(person.pk, "promoted")
    return len(signups)


def promote_after_capacity_change(event_id):
    """Staff raised the capacity: give the new places to the waiting list, in order."""
    from .emails import send_signup_email

    with transaction.atomic():
        event = _lock_event(event_id)
        promoted = _promote_waiting(event)
    for person in promoted:
        send_signup_email.enqueue(person.pk, "promoted")
    return promoted
