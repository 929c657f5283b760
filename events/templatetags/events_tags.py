"""The calendar's template tags: the account's coming sign-ups (Mina sidor), and an occurrence's
time and list card rendered in Python.

The calendar list shows 25 cards and the month grid hundreds of times; as included templates
they were most of the page's render time, so they are built here with ``format_html`` (same
markup, same translations), the one definition every calendar template uses."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from portal.templatetags.geography import municipality_link

register = template.Library()


@register.simple_tag
def my_upcoming_signups(user, limit=5):
    from events.views import my_signups

    if user is None or not user.is_authenticated:
        return []
    return list(
        my_signups(user).filter(event__occurrences__end__gte=timezone.now()).distinct()[:limit]
    )


# The date filter's format characters the calendar uses, as django.utils.dateformat writes them.
_FORMAT = {
    "l": lambda value: str(WEEKDAYS[value.weekday()]),
    "j": lambda value: str(value.day),
    "F": lambda value: str(MONTHS[value.month]),
    "Y": lambda value: f"{value.year:04d}",
    "m": lambda value: f"{value.month:02d}",
    "d": lambda value: f"{value.day:02d}",
    "H": lambda value: f"{value.hour:02d}",
    "i": lambda value: f"{value.minute:02d}",
}


def _date(value, fmt):
    """As the ``date`` filter in a template (aware times in the current time zone), without its
    machinery: the cards and the grid format a thousand dates a page."""
    value = timezone.template_localtime(value)
    if fmt == "c":
        return value.isoformat()
    if all(char in _FORMAT or char in " :-," for char in fmt):
        return "".join(_FORMAT[char](value) if char in _FORMAT else char for char in fmt)
    return date_filter(value, fmt)


_links = {}


def _municipality_link(place):
    """``{% municipality_link %}``, kept per process: a list names the same few hundred."""
    key = (get_script_prefix(), place.slug, place.name)
    if key not in _links:
        _links[key] = municipality_link(place)
    return _links[key]


@register.simple_tag
def occurrence_time(occurrence):
    """When an occurrence is, in Swedish time, in ``<time>`` elements: the date(s) of an all-day
    session, start date and time to end time on one day, or both dates and times."""
    start = occurrence.local_start
    if occurrence.all_day:
        html = format_html(
            '<time datetime="{}">{}</time>', _date(start, "Y-m-d"), _date(start, "l j F Y")
        )
        if not occurrence.ends_same_day:
            last = occurrence.last_local_date
            html += format_html(
                '–<time datetime="{}">{}</time>', _date(last, "Y-m-d"), _date(last, "j F Y")
            )
        return html + format_html(" ({})", gettext("all day"))
    end = occurrence.local_end
    if occurrence.ends_same_day:
        return format_html(
            '<time datetime="{}">{}, {}</time>–<time datetime="{}">{}</time>',
            _date(start, "c"),
            _date(start, "l j F Y"),
            _date(start, "H:i"),
            _date(end, "c"),
            occurrence.local_end_time,
        )
    return format_html(
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>',
        _date(start, "c"),
        _date(start, "j F Y H:i"),
        _date(end, "c"),
        _date(end, "j F Y H:i"),
    )


def _translated(message, **values):
    """A translated message with escaped values put in (as ``{% blocktranslate %}``)."""
    return mark_safe(message % {key: conditional_escape(value) for key, value in values.items()})


def occurrence_card(occurrence, calendar_url, level=3):
    """One occurrence (an ``events.queries.ListOccurrence``) as a card of the calendar list:
    title (and part n of a course), time, form, place and organiser, cancelled or moved,
    summary, municipalities and topics."""
    heading = format_html('<a href="{}{}/">{}</a>', calendar_url, occurrence.slug, occurrence.title)
    number, total = occurrence.position
    if total > 1:
        part = _translated(gettext("part %(n)s of %(total)s"), n=number, total=total)
        heading += format_html(' <span class="meta">({})</span>', part)
    where = capfirst(occurrence.format_display)
    if occurrence.venue:
        where = format_html("{}, {}", where, occurrence.venue)
    organiser = occurrence.organiser_display
    lines = [
        format_html('<h{0} class="event-title">{1}</h{0}>', level, heading),
        format_html(
            '<p class="meta">\n        {}\n        · {}{}\n    </p>',
            occurrence_time(occurrence),
            where,
            format_html("\n        · {}", organiser) if organiser else "",
        ),
    ]
    if occurrence.is_cancelled:
        lines.append(
            format_html(
                '<p><span class="badge badge--error">{}</span></p>', pgettext("event", "Cancelled")
            )
        )
    if occurrence.moved_from:
        moved = _translated(
            gettext("Moved from %(when)s"), when=_date(occurrence.moved_from, "j F Y H:i")
        )
        lines.append(format_html('<p><span class="badge badge--warning">{}</span></p>', moved))
    if occurrence.summary:
        lines.append(format_html("<p>{}</p>", occurrence.summary))
    municipalities, topics = occurrence.municipalities, occurrence.topics
    if municipalities or topics:
        parts = []
        if municipalities:
            names = [_municipality_link(municipality) for municipality in municipalities]
            parts.append(
                format_html("{} {}", gettext("Municipalities:"), mark_safe(", ".join(names)))
            )
        if topics:
            names = ", ".join(conditional_escape(name) for name in topics)
            parts.append(format_html("{} {}", gettext("Topics:"), mark_safe(names)))
        lines.append(
            format_html(
                '<p class="meta">\n        {}\n    </p>',
                mark_safe("\n        ·\n        ".join(parts)),
            )
        )
    return format_html('<li class="card">\n    {}\n</li>\n', mark_safe("\n    ".join(lines)))


@register.simple_tag
def occurrence_cards(occurrences, calendar_url, level=3):
    """The cards of ``occurrences`` (see ``occurrence_card``), one after the other."""
    return mark_safe(
        "".join(occurrence_card(occurrence, calendar_url, level) for occurrence in occurrences)
    )


@register.simple_tag
def month_grid_body(weeks, calendar_url, today):
    """The month grid's rows (``events.views.calendar_month``'s ``weeks``): each day with its
    date for screen readers, "today", up to four occurrences (time, title, cancelled) and a link
    to the rest. A month shows hundreds of occurrences, so this is built here, not in a loop of
    template tags."""
    weekday_names = [str(name) for name in WEEKDAYS.values()]
    month_names = {number: str(name) for number, name in MONTHS.items()}
    cancelled = format_html(
        ' <span class="badge badge--error">{}</span>', pgettext("event", "Cancelled")
    )
    today_label = format_html(' <span class="month-grid__today-label">{}</span>', gettext("today"))
    rows = []
    for week in weeks:
        cells = []
        for day in week:
            date = day["date"]
            is_today = date == today
            classes = "".join(
                [
                    "" if day["in_month"] else "month-grid__outside",
                    "" if day["occurrences"] else " month-grid__empty",
                    " month-grid__today" if is_today else "",
                ]
            )
            html = format_html(
                '<td class="{}"{}>\n<span class="month-grid__day"><time datetime="{}">'
                '<span class="visually-hidden">{} </span>{}'
                '<span class="visually-hidden"> {}</span></time>{}</span>\n',
                classes,
                mark_safe(' aria-current="date"') if is_today else "",
                date.isoformat(),
                weekday_names[date.weekday()],
                date.day,
                month_names[date.month],
                today_label if is_today else "",
            )
            if day["occurrences"]:
                items = [
                    format_html(
                        '<li><a href="{}{}/">{}{}</a>{}</li>\n',
                        calendar_url,
                        occurrence.slug,
                        _time_prefix(occurrence),
                        occurrence.title,
                        cancelled if occurrence.is_cancelled else "",
                    )
                    for occurrence in day["occurrences"]
                ]
                html += format_html("<ul>\n{}</ul>\n", mark_safe("".join(items)))
                if day["more"]:
                    more = _translated(
                        ngettext(
                            '%(count)s more occasion<span class="visually-hidden"> this day</span>',
                            '%(count)s more occasions<span class="visually-hidden"> this day</span>',
                            day["more"],
                        ),
                        count=day["more"],
                    )
                    html += format_html(
                        '<p class="month-grid__more"><a href="{}">{}</a></p>\n',
                        day["day_url"],
                        more,
                    )
            cells.append(html + mark_safe("</td>\n"))
        rows.append(format_html("<tr>\n{}</tr>\n", mark_safe("".join(cells))))
    return mark_safe("".join(rows))


def _time_prefix(occurrence):
    """ "09:00 " before the title of a session with a time."""
    return "" if occurrence.all_day else _date(occurrence.local_start, "H:i") + " "
