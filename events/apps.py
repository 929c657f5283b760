from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def upcoming_for_home(request):
    from . import queries
    from .models import CalendarIndexPage

    calendar_page = CalendarIndexPage.objects.live().first()
    # the section shows times and titles only: the grid's lighter query is enough
    occurrences = (
        list(queries.upcoming(queries.occurrences_for_grid())[:5]) if calendar_page else []
    )
    return {"calendar_page": calendar_page, "occurrences": occurrences}


def signups_for_user(user):
    from .models import Signup

    email = Signup.normalise_email(user.email)
    signups = (
        Signup.objects.filter(email_normalised=email).select_related("event", "municipality")
        if email
        else []
    )
    return (
        "event_signups",
        [
            {
                "event": signup.event.title,
                "name": signup.name,
                "email": signup.email,
                "employer": signup.employer,
                "municipality": signup.municipality.name if signup.municipality else None,
                "needs": signup.needs,
                "status": signup.status,
                "signed_up": signup.created_at.isoformat(),
                "cancelled": signup.cancelled_at.isoformat() if signup.cancelled_at else None,
            }
            for signup in signups
        ],
    )


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Calendar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from portal.registry import register_home_section

        from .models import EventPage
        from .signals import event_published, event_unpublished

        page_published.connect(event_published, sender=EventPage, dispatch_uid="events_published")
        page_unpublished.connect(
            event_unpublished, sender=EventPage, dispatch_uid="events_unpublished"
        )
        register_home_section("events/includes/home_upcoming.html", upcoming_for_home, order=20)
        try:
            from partners.personal_data import EXPORTERS
        except ImportError:
            return
        if signups_for_user not in EXPORTERS:
            EXPORTERS.append(signups_for_user)
