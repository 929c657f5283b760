"""The design-system tests read pages of the demo site, loaded once for the folder."""

import pytest

from tests.conftest import load_demo


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site, loaded once; removed at the end so other folders start clean."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)
        from portal.reference_data import ensure_site_basics

        ensure_site_basics()


@pytest.fixture
def site(demo_site, db):
    """Each test runs in a transaction on top of the demo site."""
