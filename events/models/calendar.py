"""The calendar page at /kalender/: upcoming list, month grid and archive (the ICS feed at
/kalender/kalender.ics is routed in events/urls.py, since Wagtail only serves paths ending in /)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.search import index

from portal.models import BasePage


class CalendarIndexPage(RoutablePageMixin, BasePage):
    """The one calendar of competence-raising events; every EventPage is a child of it.

    Its routes list occurrences (not pages), so a three-part course shows each session.
    """

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text above the calendar: who the events are for."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("calendar")

    @path("")
    def upcoming(self, request):
        from events.views import calendar_list

        return calendar_list(request, self, archive=False)

    @path("arkiv/")
    def archive(self, request):
        from events.views import calendar_list

        return calendar_list(request, self, archive=True)

    @re_path(r"^manad/(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def month(self, request, year, month):
        from events.views import calendar_month

        return calendar_month(request, self, int(year), int(month))

    @path("manad/")
    def this_month(self, request):
        from events.views import calendar_month_redirect

        return calendar_month_redirect(request, self)
