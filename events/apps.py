from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def upcoming_for_home(request):
    from . import queries
    from .models import CalendarIndexPage

    calendar_page = CalendarIndexPage.objects.live().public().first()
    # the section shows times and titles only: the grid's lighter query is enough
    occurrences = (
        list(queries.upcoming(queries.occurrences_for_grid())[:5]) if calendar_page else []
    )
    return {"calendar_page": calendar_page, "occurrences": occurrences}


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Calendar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import page_published, page_unpublished

        from portal.registry import register_home_section

        from .models import CalendarIndexPage, EventPage
        from .personal_data import register as register_personal_data
        from .signals import calendar_created, event_published, event_unpublished

        page_published.connect(event_published, sender=EventPage, dispatch_uid="events_published")
        page_unpublished.connect(
            event_unpublished, sender=EventPage, dispatch_uid="events_unpublished"
        )
        post_save.connect(
            calendar_created, sender=CalendarIndexPage, dispatch_uid="events_calendar_created"
        )
        register_home_section("events/includes/home_upcoming.html", upcoming_for_home, order=20)
        register_personal_data()
        from .overview import register as register_overview

        register_overview()
