from wagtail.models import Page, Site

import factory
import wagtail_factories

from .models import AccessibilityStatementPage, HomePage, StandardPage
from .reference_data import ensure_site_basics


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Samverkansportalen"
    slug = "start"
    intro = "Ett gemensamt ställe för mottagandet av nyanlända."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sida {n}")
    summary = "En kort sammanfattning."

    class Meta:
        model = StandardPage


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    title = "Tillgänglighetsredogörelse"
    slug = "tillganglighet"
    report_email = "tillganglighet@example.se"
    last_reviewed = factory.Faker("date_this_year")

    class Meta:
        model = AccessibilityStatementPage


def make_site():
    """A default site whose root is a fresh HomePage, replacing Wagtail's welcome page."""
    ensure_site_basics()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home
