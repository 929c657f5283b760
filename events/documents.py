"""How calendar events become search documents (read by search/ at start-up).

Only live, public event pages are indexed (the page source decides that); an event proposed
by an organisation stays a draft, and so out of search, until staff publish it. A cancelled
event stays findable, as it stays in the calendar, marked as cancelled.
"""

from django.utils import timezone

from search.registry import register_page

from .models import EventPage


@register_page(EventPage)
def event(page, document):
    document.kind = "event"
    first = page.first_occurrence
    if first is not None:
        document.date = timezone.localtime(first.start).date()
    document.county_codes = [county.code for county in page.counties.all()]
    document.municipality_codes = [m.code for m in page.municipalities.all()]
    document.target_groups = [group.slug for group in page.target_groups.all()]
    document.tags = [tag.name for tag in page.topics.all()]
    # the organiser is what the event is by: weighted like the summary, and said once
    organiser = page.organiser_display or ""
    document.keywords = organiser
    lines = [line for line in document.body.split("\n") if line.strip() != organiser.strip()]
    extra = [getattr(page, "venue", ""), getattr(page, "address", "")]
    if page.is_cancelled:
        extra += [str(page.get_status_display()), page.cancellation_note]
    seen = set()
    body = []
    for part in [*lines, *extra]:
        if part and part.strip() and part.strip() not in seen:
            seen.add(part.strip())
            body.append(part)
    document.body = "\n".join(body)
    return document
