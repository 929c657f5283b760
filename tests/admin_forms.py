"""Helpers for tests of Wagtail admin edit forms: the tab labels an editor sees, and the form
data Wagtail expects when an agreement page is saved."""

import re

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def tab_labels(html):
    """The tab labels, without Wagtail's error counters."""
    labels = []
    for label in re.findall(r'role="tab"[^>]*>(.*?)</a>', html, re.S):
        text = re.sub(r"<[^>]+>", " ", label)
        text = re.sub(r"\(\s*\d*\s*\)", " ", text)
        labels.append(" ".join(text.split()))
    return labels


def agreement_edit_data(page, **overrides):
    """The agreement page's edit form posted as it stands, with ``overrides``."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": "",
        "kind": page.kind,
        "county": page.county_id or "",
        "valid_from": page.valid_from.isoformat(),
        "valid_to": page.valid_to.isoformat(),
        "adopted_on": "",
        "adopted_by": page.adopted_by,
        "adopted_at": "",
        "replaces": "",
        "parties": inline_formset([]),
        "action_items": inline_formset([]),
        "documents": inline_formset([]),
        "focus_areas": streamfield([]),
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    municipalities = overrides.pop("municipalities", [])
    data.update(overrides)
    flat = nested_form_data(data)
    flat["municipalities"] = municipalities
    return flat
