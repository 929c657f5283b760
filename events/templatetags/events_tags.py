"""The calendar's piece of Mina sidor: the account's coming sign-ups."""

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def my_upcoming_signups(user, limit=5):
    from events.views import my_signups

    if user is None or not user.is_authenticated:
        return []
    return list(
        my_signups(user).filter(event__occurrences__end__gte=timezone.now()).distinct()[:limit]
    )
