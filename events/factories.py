"""Factories for calendar tests and volume data."""

import datetime

import factory
import wagtail_factories

from .models import CalendarIndexPage, EventFormat, EventOccurrence, EventPage, Signup
from .models.event import STOCKHOLM


class CalendarIndexPageFactory(wagtail_factories.PageFactory):
    title = "Kalender"
    slug = "kalender"
    intro = "Utbildningar och seminarier om mottagandet av nyanlända."

    class Meta:
        model = CalendarIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Utbildning {n}")
    slug = factory.Sequence(lambda n: f"utbildning-{n}")
    summary = "En halvdag om samverkan i mottagandet."
    organiser_name = "Länsstyrelsen Dalarna"
    format = EventFormat.ONSITE
    venue = "Länsstyrelsen"
    address = "Åsgatan 38, Falun"

    class Meta:
        model = EventPage


class EventOccurrenceFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(EventPageFactory)
    start = factory.LazyFunction(lambda: datetime.datetime(2030, 3, 5, 9, 0, tzinfo=STOCKHOLM))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))

    class Meta:
        model = EventOccurrence


class SignupFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventPageFactory)
    name = factory.Sequence(lambda n: f"Deltagare {n}")
    email = factory.Sequence(lambda n: f"deltagare{n}@example.se")
    employer = "Leksands kommun"

    class Meta:
        model = Signup


def make_event(calendar, start, *, hours=3, sessions=1, publish=False, **fields):
    """A live event under ``calendar`` with ``sessions`` weekly occurrences from ``start``."""
    municipalities = fields.pop("municipalities", [])
    target_groups = fields.pop("target_groups", [])
    topics = fields.pop("topics", [])
    page = EventPageFactory(parent=calendar, **fields)
    for n in range(sessions):
        begin = start + datetime.timedelta(weeks=n)
        EventOccurrence.objects.create(
            page=page, start=begin, end=begin + datetime.timedelta(hours=hours), sort_order=n
        )
    if municipalities:
        page.municipalities.set(municipalities)
    if target_groups:
        page.target_groups.set(target_groups)
    if topics:
        page.topics.add(*topics)
    if municipalities or topics or target_groups:
        page.save()
    if publish:
        page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)
