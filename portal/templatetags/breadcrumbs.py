"""The one breadcrumb trail: every page that shows "Du är här" builds it with these tags, so
the trail looks and reads the same everywhere and its last item, the page itself, is plain
text marked aria-current="page", never a link.

    {% load breadcrumbs %}
    {% breadcrumbs %}
        {% crumb _("Home") "/" %}
        {% crumb _("Organisations and activities") list_url %}
        {% crumb organisation.name content=True %}
    {% endbreadcrumbs %}

``content=True`` marks a name that is Swedish content (a page title, an organisation's name),
so it gets ``lang="sv"`` when the interface is in English. A template that extends a page with
a trail can add crumbs in a ``{% block %}`` placed inside ``{% breadcrumbs %}``.
"""

from dataclasses import dataclass

from django import template
from django.template.loader import get_template

register = template.Library()

TRAIL = "_breadcrumb_trail"


@dataclass
class Crumb:
    label: str
    url: str = ""
    content: bool = False


@register.tag
def breadcrumbs(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("breadcrumbs takes no arguments; use {% crumb %} inside")
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        trail = []
        with context.push({TRAIL: trail}):
            self.nodelist.render(context)
        if not trail:
            return ""
        return get_template("includes/breadcrumb_trail.html").render(
            {"ancestors": trail[:-1], "current": trail[-1]}
        )


@register.simple_tag(takes_context=True)
def crumb(context, label, url="", content=False):
    """One step of the trail; the last one is the page itself and is shown without its URL."""
    trail = context.get(TRAIL)
    if trail is None:
        raise template.TemplateSyntaxError("{% crumb %} belongs inside {% breadcrumbs %}")
    trail.append(Crumb(str(label), url or "", bool(content)))
    return ""
