"""Settings shared by every environment; values that differ come from the environment."""

from pathlib import Path

import dj_database_url

from .env import email_settings, env_bool, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-key-only-for-development-and-tests-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "agreements",
    "partners",
    "events",
    "search",
    "portal.opendata",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SwedishFirstLocaleMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # after session, CSRF, auth and messages: see portal.page_cache
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_chrome",
            ],
        },
    },
]
# Django's widget templates, with the choice widgets (selects of 290 municipalities) written
# in Python: see portal/form_renderer.py
FORM_RENDERER = "portal.form_renderer.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker (pages, feeds, counts, rate limits): Redis when REDIS_URL is
# set, otherwise a database table (made by `migrate`, see portal.page_cache.create_cache_table).
# Never one process's memory outside tests: a publish in one worker must be seen by all.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
# Anonymous full-page cache (portal.page_cache): how long a page is kept at most (purges make it
# fresh at once when content changes; 0 turns the cache off), and the s-maxage given to a CDN or
# Varnish in front, only when one is configured to be purged (FRONTEND_CACHE_PURGE_URL).
PORTAL_PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "3600"))
PORTAL_PAGE_CACHE_ALIAS = "default"
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
PORTAL_PAGE_CACHE_SHARED_MAX_AGE = PORTAL_PAGE_CACHE_SECONDS if FRONTEND_CACHE_PURGE_URL else 0

# Background work (e-mail, index updates, text extraction). "immediate" runs it in-process
# after the transaction commits; "database" queues it for `manage.py db_worker`.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND]
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Images (Wagtail's renditions and originals) and organisation logos are public; documents are
# served only through Wagtail's view, which applies collection privacy. portal.media serves the
# public folders unless SERVE_MEDIA=false (when the web server serves them, see README).
PORTAL_SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
PORTAL_PUBLIC_MEDIA_DIRS = ["images/", "original_images/", "partners/logos/"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Request bodies: anything declaring more than PORTAL_MAX_REQUEST_SIZE is refused with 413 before
# it is read (portal.middleware.RequestSizeLimitMiddleware); form fields other than files may
# take DATA_UPLOAD_MAX_MEMORY_SIZE; uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE are streamed
# to a temporary file instead of memory. The web server in front should have the same cap
# (nginx: client_max_body_size 25m).
PORTAL_MAX_REQUEST_SIZE = int(env_str("MAX_REQUEST_SIZE_MB", "25")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Security headers. Public pages allow no inline script or style (JavaScript and CSS are static
# files; JSON-LD is a data block, which CSP does not block). Wagtail's admin still renders inline
# scripts and styles, so it gets its own policy (portal.middleware.PortalCSPMiddleware).
SELF, NONE, UNSAFE_INLINE = "'self'", "'none'", "'unsafe-inline'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        # Videos editors embed in rich text (Wagtail embeds).
        "frame-src": [
            SELF,
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PORTAL_ADMIN_PATH = "/admin/"
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF, "https:"],
        # Wagtail's live preview shows the page in a frame inside the editor.
        "frame-ancestors": [SELF],
    }
}
# Browser features the portal never uses (Permissions-Policy header on every response).
PORTAL_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

vars().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Samverkansportalen <noreply@samverkansportalen.se>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth): e-mail is the login, verified before first use.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/mina-sidor/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samverkansportalen] "
ACCOUNT_ADAPTER = "portal.accounts.PortalAccountAdapter"
# Behind a reverse proxy (nginx, a load balancer), the number of proxies that append to
# X-Forwarded-For; 0 means the client's address is REMOTE_ADDR and X-Forwarded-For is ignored.
# Rate limits (allauth's and portal.ratelimit's) count per client address, so a wrong value puts
# every visitor in one bucket (too low) or lets a client choose its own (too high).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "confirm_email": "1/3m/key",
}

# Public forms outside allauth, limited by portal.ratelimit (allauth's syntax: per IP and per key,
# the key being the e-mail address or organisation the form is about).
PORTAL_RATE_LIMITS = {
    "event_signup": "20/h/ip,3/h/key",
    "event_proposal": "20/h/ip",
    "organisation_register": "10/h/ip",
    "invitation": "30/h/ip,5/h/key",
    # the open data API counts GETs (portal.opendata.http); saved searches ("Bevaka") by address
    "api": env_str("API_RATE_LIMIT", "300/m/ip"),
    "saved_search": "20/h/ip,3/h/key",
}

WAGTAIL_SITE_NAME = "Samverkansportalen"
# One way in: the admin's and Wagtail's front-end login forms send to allauth's login (see
# portal.views.to_portal_login); passwords are reset through allauth too.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No avatars fetched from Gravatar: it would send a hash of every editor's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The one base URL for links in e-mails and feeds (a request's Host header is never trusted for
# them); `make demo` sets it from PORT.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A small file can still decode to a huge bitmap ("decompression bomb"): refuse above 40 megapixels.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# New pages get ASCII slugs (l%C3%B6k-falun becomes lok-falun): readable in every link.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# The public search index (search/ app): "database" by default, "elasticsearch" at scale.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database")
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "samverkan")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Each app declares the settings it adds in its own app_settings module.
from agreements.app_settings import *  # noqa: E402, F403
from events.app_settings import *  # noqa: E402, F403
from partners.app_settings import *  # noqa: E402, F403
from search.app_settings import *  # noqa: E402, F403
