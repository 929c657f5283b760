"""The benchmark settings plus the two peer search views of bench/search/urls.py."""

from portal.settings.bench import *  # noqa: F403

ROOT_URLCONF = "bench.search.urls"
