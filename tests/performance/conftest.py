import pytest


@pytest.fixture
def page_cache_on(settings):
    """The anonymous page cache switched on (tests run with it off), on the test cache."""
    from django.core.cache import cache

    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    cache.clear()
    return cache


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (the purges), as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
