"""Where apps plug their parts into the site core without the core importing them.

Each app registers, in its ``AppConfig.ready``, the sections it adds to the home page
(``register_home_section``). ``load_demo_content`` calls ``<app>.demo.load`` for each app in
``DEMO_APPS`` that has one.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

DEMO_APPS = ["portal", "agreements", "partners", "events", "search"]

_home_sections = []


@dataclass(frozen=True)
class HomeSection:
    """A block on the home page: a template and a function giving its context."""

    template_name: str
    get_context: Callable
    order: int = 100

    def render(self, request):
        return render_to_string(self.template_name, self.get_context(request), request=request)


def register_home_section(template_name, get_context, order=100):
    _home_sections.append(HomeSection(template_name, get_context, order))


def home_sections():
    return sorted(_home_sections, key=lambda section: section.order)
