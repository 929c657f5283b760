"""E-mails the directory sends: decisions to owners and invitations to new members."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import task

INVITATION_SALT = "partners.invitation"
INVITATION_MAX_AGE = 7 * 24 * 3600


def absolute(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "http://localhost:8000").rstrip("/")
    return base + path


def _send(template, context, recipients):
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"partners/email/{template}_subject.txt", context)
        body = render_to_string(f"partners/email/{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    deliver.enqueue(prefix + " ".join(subject.split()), body, list(recipients))
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


def send_status_email(organisation, request=None):
    """Tell the owners that staff verified, rejected or suspended their organisation."""
    context = {
        "organisation": organisation,
        "manage_url": absolute(
            reverse("partners:organisation_manage", kwargs={"pk": organisation.pk}), request
        ),
        "public_url": absolute(organisation.get_absolute_url(), request),
    }
    return _send("status", context, owner_emails(organisation))


def send_activity_unpublished_email(activity, request=None):
    context = {
        "activity": activity,
        "organisation": activity.organisation,
        "manage_url": absolute(
            reverse("partners:organisation_manage", kwargs={"pk": activity.organisation_id}),
            request,
        ),
    }
    return _send("activity_unpublished", context, owner_emails(activity.organisation))


def invitation_token(invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


def invitation_pk_from_token(token, max_age=INVITATION_MAX_AGE):
    """The invitation's id, or raises signing.SignatureExpired / signing.BadSignature."""
    value = signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=max_age)
    return int(value)


def send_invitation(invitation, request=None):
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "accept_url": absolute(
            reverse("partners:invitation_accept", kwargs={"token": invitation_token(invitation)}),
            request,
        ),
        "days": INVITATION_MAX_AGE // (24 * 3600),
    }
    return _send("invitation", context, [invitation.email])
