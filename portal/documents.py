"""How the site core's pages become search documents (read by search/ at start-up).

The page source in ``search.pages`` already indexes title, summary and the text of each
page's ``search_fields``; here the core's page types say what kind they are.
"""

from search.registry import register_page

from .models import AccessibilityStatementPage, HomePage, StandardPage


@register_page(HomePage, StandardPage, AccessibilityStatementPage)
def core_page(page, document):
    document.kind = "page"
    if isinstance(page, AccessibilityStatementPage) and page.last_reviewed:
        document.date = page.last_reviewed
    return document
