"""
Settings for the newsroom site, all read from the environment.

The defaults are safe for a laptop: SQLite in the project folder, the local-memory cache,
media on local disk, and only loopback host names allowed. Production sets DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see README.md).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "testserver"}
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The development key only ever serves loopback: a site reachable under a real host name
# refuses to start until it is given a secret of its own.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
SERVES_ONLY_LOOPBACK = set(ALLOWED_HOSTS) <= LOCAL_HOSTS
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not SERVES_ONLY_LOOPBACK:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_ALLOWED_HOSTS names a public host."
    )

# Behind HTTPS (any public host, unless told otherwise): secure cookies, HSTS, redirects.
# The proxy in front says which requests came in over HTTPS.
HTTPS = env_bool("DJANGO_HTTPS", not SERVES_ONLY_LOOPBACK)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# Only the site's own scripts, styles, images and fonts; nothing inline runs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

SITE_NAME = os.environ.get("SITE_NAME", "The Local Loop")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "Close to home. Always in the loop.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "simple_history",
    "articles",
    "comments",
    "newsroom",
]

MIDDLEWARE = [
    # First: a read beacon (204, no content) needs nothing below it.
    "articles.middleware.ReadBeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "newsroom.middleware.CacheControlMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "articles.middleware.OldAddressMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, made to shrug off an unreachable Redis (see the module).
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Denver")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static names with far-future caching in production (after
# collectstatic); plain names on a laptop and in tests, where nothing is collected.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not SERVES_ONLY_LOOPBACK)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if STATIC_MANIFEST else 60
# Without collectstatic (a laptop, the test run) whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Media on S3-compatible storage when a bucket is named (pip install "newsroom[s3]").
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploaded files itself only while they live on local disk;
# behind a CDN or object storage the web server or bucket does it.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not os.environ.get("AWS_STORAGE_BUCKET_NAME"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True

# Comments: the signed form token must be at least this old and at most this old when it
# comes back, which stops the quickest bots without tying the form to a session.
COMMENTS_MIN_SECONDS = int(os.environ.get("COMMENTS_MIN_SECONDS", "3"))
COMMENTS_MAX_AGE_SECONDS = int(os.environ.get("COMMENTS_MAX_AGE_SECONDS", str(2 * 24 * 3600)))
COMMENTS_MAX_DEPTH = int(os.environ.get("COMMENTS_MAX_DEPTH", "3"))
COMMENTS_MAX_LENGTH = int(os.environ.get("COMMENTS_MAX_LENGTH", "5000"))
COMMENTS_RATE_LIMIT = int(os.environ.get("COMMENTS_RATE_LIMIT", "5"))
COMMENTS_RATE_WINDOW_SECONDS = int(os.environ.get("COMMENTS_RATE_WINDOW_SECONDS", "600"))
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "30"))
COMMENTS_REPORTS_TO_HOLD = int(os.environ.get("COMMENTS_REPORTS_TO_HOLD", "3"))
COMMENTS_NOTIFY_MODERATORS = env_bool("COMMENTS_NOTIFY_MODERATORS", True)
COMMENTS_IP_RETENTION_DAYS = int(os.environ.get("COMMENTS_IP_RETENTION_DAYS", "60"))
# Optional: with a key, comments are also checked by Akismet; unreachable means held.
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")

# The site's public address, for links in emails (confirmation, moderation, replies).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Uploaded images: refused above this size or pixel count (decompression bombs).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "15")) * 1024 * 1024
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
IMAGE_RENDITION_WIDTHS = (400, 800, 1200, 1600)

# Anonymous readers get stored copies of public pages for this long (0 turns it off);
# any change readers would see retires them all at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# Parts of pages shared by many readers (sidebar, story, thread, empty reply form) are kept
# this long between changes, so a page-cache miss is cheap too (0 turns them off).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "60"))

# Trending: reads of the last 48 hours, each hour's weight halving every 12 hours.
TRENDING_WINDOW_HOURS = int(os.environ.get("TRENDING_WINDOW_HOURS", "48"))
TRENDING_HALF_LIFE_HOURS = float(os.environ.get("TRENDING_HALF_LIFE_HOURS", "12"))
TRENDING_CACHE_SECONDS = int(os.environ.get("TRENDING_CACHE_SECONDS", "60"))
# One reader counts once per story per half hour; the read buffer is written out each minute.
READ_REPEAT_SECONDS = 30 * 60
READ_FLUSH_SECONDS = 60

# One line per event on standard output. Nothing logged at INFO names a commenter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
