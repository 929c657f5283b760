from django import template

from ..alerts import active_saved_searches

register = template.Library()


@register.simple_tag
def saved_search_count(user):
    """How many confirmed saved searches the user's verified addresses follow (one query)."""
    return active_saved_searches(user).count()
