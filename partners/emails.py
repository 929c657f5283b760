"""E-mails the directory sends: decisions to owners, invitations to new members and review
requests to staff. Every link points to the portal's one public base URL (``PORTAL_BASE_URL``),
never to the host a request happened to name."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import task

from portal.emails import absolute_url, subject_line

from .reviewers import reviewer_emails

INVITATION_SALT = "partners.invitation"
INVITATION_MAX_AGE = 7 * 24 * 3600


def _send(template, context, recipients):
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"partners/email/{template}_subject.txt", context)
        body = render_to_string(f"partners/email/{template}.txt", context)
    deliver.enqueue(subject_line(subject), body, list(recipients))
    return len(recipients)


@task()
def deliver(subject, body, recipients):
    """Send one rendered e-mail in the background so that no request waits for SMTP."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def owner_emails(organisation):
    return sorted(
        {
            membership.user.email
            for membership in organisation.owners().select_related("user")
            if membership.user.email
        }
    )


def _manage_url(organisation_id):
    return absolute_url(reverse("partners:organisation_manage", kwargs={"pk": organisation_id}))


def send_status_email(organisation):
    """Tell the owners that staff verified, rejected or suspended their organisation."""
    context = {
        "organisation": organisation,
        "manage_url": _manage_url(organisation.pk),
        "public_url": absolute_url(organisation.get_absolute_url()),
    }
    return _send("status", context, owner_emails(organisation))


def send_activity_unpublished_email(activity):
    context = {
        "activity": activity,
        "organisation": activity.organisation,
        "manage_url": _manage_url(activity.organisation_id),
    }
    return _send("activity_unpublished", context, owner_emails(activity.organisation))


def send_activity_republished_email(activity):
    context = {
        "activity": activity,
        "organisation": activity.organisation,
        "public_url": absolute_url(activity.get_absolute_url()),
    }
    return _send("activity_republished", context, owner_emails(activity.organisation))


def send_review_request(obj):
    """Ask the reviewers to look again at an activity they unpublished or an organisation they
    rejected or suspended; ``obj`` is the Activity or the Organisation."""
    from .models import Activity

    if isinstance(obj, Activity):
        organisation = obj.organisation
        review_url = reverse("wagtailsnippets_partners_activity:republish", args=[obj.pk])
        reason = obj.moderation_reason
    else:
        organisation = obj
        review_url = reverse("wagtailsnippets_partners_organisation:review", args=[obj.pk])
        reason = obj.status_reason
    context = {
        "activity": obj if obj is not organisation else None,
        "organisation": organisation,
        "reason": reason,
        "review_url": absolute_url(review_url),
    }
    return _send("review_request", context, reviewer_emails())


def invitation_token(invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


def invitation_pk_from_token(token, max_age=INVITATION_MAX_AGE):
    """The invitation's id, or raises signing.SignatureExpired / signing.BadSignature."""
    value = signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=max_age)
    return int(value)


def send_invitation(invitation):
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "accept_url": absolute_url(
            reverse("partners:invitation_accept", kwargs={"token": invitation_token(invitation)})
        ),
        "days": INVITATION_MAX_AGE // (24 * 3600),
    }
    return _send("invitation", context, [invitation.email])
