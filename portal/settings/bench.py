"""Benchmarks: production-like (no DEBUG, cached templates) on a local database, plain HTTP,
plus a bare Django view at /__bench__/bare/ to compare pages against."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "portal.bench_urls"
LOGGING["root"]["level"] = "ERROR"  # noqa: F405

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
