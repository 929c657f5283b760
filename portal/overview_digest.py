"""The weekly e-mail digest for staff who opted in (``StaffProfile.weekly_digest``): what waits
for them and the gaps in their counties, the same as the admin dashboard. Sent by the
``send_overview_digest`` command; one ``DigestDelivery`` per user and ISO week makes a second
run in the same week send nothing."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .emails import absolute_url, subject_line
from .gaps import gaps_for_counties, grouped
from .overview import staff_counties, staff_county_ids, waiting_for
from .overview_models import DigestDelivery, StaffProfile

GAPS_PER_RULE = 20


def week_key(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def recipients():
    return (
        StaffProfile.objects.filter(weekly_digest=True, user__is_active=True, user__is_staff=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email")
    )


def digest_for(user, today):
    """The digest's context: what waits, and the gaps per rule in the user's counties."""
    waiting = waiting_for(user)
    counties = list(staff_counties(user))
    gaps = gaps_for_counties(counties, today)
    return {
        "user": user,
        "week": week_key(today),
        "counties": counties if staff_county_ids(user) else [],
        "waiting": [(queue, [absolute(item) for item in items]) for queue, items in waiting],
        "gap_groups": [(rule, rows[:GAPS_PER_RULE], len(rows)) for rule, rows in grouped(gaps)],
        "item_count": sum(len(items) for _queue, items in waiting) + len(gaps),
        "report_url": absolute_url(reverse("overview_attention_report")),
    }


def absolute(item):
    return {"title": item.title, "url": absolute_url(item.url), "detail": item.detail}


def send_digest(profile, today):
    """Send this week's digest to one user unless it was sent already; True when sent."""
    user = profile.user
    week = week_key(today)
    try:
        with transaction.atomic():
            delivery, created = DigestDelivery.objects.get_or_create(user=user, week=week)
            if not created:
                return False
            with override("sv"):
                context = digest_for(user, today)
                body = render_to_string("portal/overview/email/digest.txt", context)
                subject = subject_line(_("Weekly overview %(week)s") % {"week": week})
            send_mail(subject, body, None, [user.email])
            delivery.item_count = context["item_count"]
            delivery.save(update_fields=["item_count"])
    except IntegrityError:
        return False  # another run is sending it right now
    return True


def send_weekly_digests(today=None, stdout=None):
    today = today or timezone.localdate()
    sent = skipped = 0
    for profile in recipients():
        if send_digest(profile, today):
            sent += 1
        else:
            skipped += 1
    return sent, skipped
