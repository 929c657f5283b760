"""New pages get ASCII slugs, so links read lok-falun rather than l%C3%B6k-falun."""

import pytest

from portal.models import StandardPage


@pytest.mark.django_db
def test_a_page_without_a_slug_gets_one_without_swedish_letters(home):
    page = home.add_child(instance=StandardPage(title="LÖK Falun 2027–2030 och Älvdalen"))
    assert page.slug == "lok-falun-20272030-och-alvdalen"
    assert page.url.isascii()
