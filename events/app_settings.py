"""Settings this app adds to the project; imported by portal/settings/base.py."""

from django.conf import settings

__all__ = [
    "EVENTS_ANONYMISE_AFTER_DAYS",
    "EVENTS_FEED_PAST_DAYS",
    "EVENTS_FEED_MAX_ITEMS",
    "EVENTS_FEED_CACHE_SECONDS",
]

# How many days after an event the personal data of its sign-ups is anonymised.
EVENTS_ANONYMISE_AFTER_DAYS = 90
# How far back the calendar feed reaches, and how many occurrences it holds at most.
EVENTS_FEED_PAST_DAYS = 30
EVENTS_FEED_MAX_ITEMS = 3000
# Calendar programs poll the feed; it is rebuilt at most this often (and on every publish).
EVENTS_FEED_CACHE_SECONDS = 300


def anonymise_after_days():
    return getattr(settings, "EVENTS_ANONYMISE_AFTER_DAYS", EVENTS_ANONYMISE_AFTER_DAYS)
