"""Test runs: fast hashing, e-mail kept in memory, uploads in a throw-away folder."""

import tempfile

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="samverkan-test-media-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off unless a test turns it on (tests/performance): other tests change rows behind the signals'
# back (queryset updates) and read the same page again.
PORTAL_PAGE_CACHE_SECONDS = 0
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "samverkan-test")

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
