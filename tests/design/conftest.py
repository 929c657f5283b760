"""The design-system tests read pages of the demo site, loaded once for the folder."""

import pytest

from tests.conftest import load_demo, module_data


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site, loaded once per module and rolled back after it."""
    with module_data(django_db_blocker, load_demo) as output:
        yield output


@pytest.fixture
def site(demo_site, db):
    """Each test runs in a transaction on top of the demo site."""
