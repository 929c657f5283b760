"""The calendar's models: the calendar and event pages, occurrences and sign-ups."""

from .calendar import CalendarIndexPage
from .event import EventFormat, EventOccurrence, EventPage, EventStatus, EventTopic, IcalState
from .questions import QuestionKind, RegistrationQuestion, SignupAnswer
from .signup import Attendance, OccurrenceReminder, PersonalCalendar, Signup

__all__ = [
    "Attendance",
    "CalendarIndexPage",
    "EventFormat",
    "EventOccurrence",
    "EventPage",
    "EventStatus",
    "EventTopic",
    "IcalState",
    "OccurrenceReminder",
    "PersonalCalendar",
    "QuestionKind",
    "RegistrationQuestion",
    "Signup",
    "SignupAnswer",
]
