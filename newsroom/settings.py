"""
Settings for the newsroom site, all read from the environment.

The defaults are safe for a laptop: SQLite in the project folder, the local-memory cache,
media on local disk, and only loopback host names allowed. Production sets DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see README.md).
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.client_address import parse_trusted_proxies

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
# How far X-Forwarded-For is believed: empty or 0 when nothing stands in front, else the
# number of proxies in front (1 for one nginx), or the proxies' networks, comma-separated
# (see newsroom/client_address.py and README, Deploying).
try:
    TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("DJANGO_TRUSTED_PROXIES", ""))
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None
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

# The default site's name, tagline and address when the database is first made; after
# that each site's own are edited in the admin (Network › Sites).
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
    "network",
    "articles",
    "comments",
    "community",
    "newsletter",
    "imports",
    "newsroom",
]

MIDDLEWARE = [
    # Outermost, so that every response carries the security headers, including a 500
    # raised by any middleware below.
    "newsroom.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before anything reads REMOTE_ADDR: the client's address, through trusted proxies only.
    "newsroom.middleware.ClientAddressMiddleware",
    "newsroom.middleware.RequestCheckMiddleware",
    # Which town the request is for (request.site), by its host: before anything reads it.
    "network.middleware.SiteMiddleware",
    # A read beacon (204, no content) needs nothing below it.
    "articles.middleware.ReadBeaconMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.CommonMiddleware",
    # Before the CSRF check: PUT or OPTIONS on a page is "not allowed", not "forged".
    "newsroom.middleware.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "newsroom.middleware.CacheControlMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "imports.middleware.OldAddressFallbackMiddleware",
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
    # Only for the comment thread, the one loop the Django template language makes slow
    # (README, Speed); every page and the admin stay on the one above.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": True},
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock when it begins, so a check and the write
    # that depends on it (the comment rate limit) cannot interleave with another's, and
    # a busy database is waited for rather than reported as "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                # The cache only makes pages faster: if Redis stops answering, reads miss,
                # writes are dropped and pages are rendered afresh, without waiting long.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "newsroom.cache"
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
# Emails to staff: editors when a story is submitted for review, its writer when it is sent
# back, moderators when a comment is held. One switch; its old name still works.
NOTIFY_STAFF = env_bool("NOTIFY_STAFF", env_bool("COMMENTS_NOTIFY_MODERATORS", True))
COMMENTS_NOTIFY_MODERATORS = NOTIFY_STAFF
COMMENTS_IP_RETENTION_DAYS = int(os.environ.get("COMMENTS_IP_RETENTION_DAYS", "60"))
# Optional: with a key, comments are also checked by Akismet; unreachable means held.
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")

# The site's public address, for links in emails (confirmation, moderation, replies).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail names commenters and carries links that confirm their addresses, so it never goes to
# the logs: on a laptop each message is a file in sent-mail/ (open the newest to click a
# confirmation link); anywhere else it goes to the SMTP server. `check --deploy` warns
# about a console or file backend in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if SERVES_ONLY_LOOPBACK
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("DJANGO_EMAIL_FILE_PATH", BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# An SMTP server that stops answering must not hold a newsletter run (or a page) forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Community submissions: how many one IP address or email may send per window; an
# unconfirmed submission is deleted, and its link stops working, after this many days.
COMMUNITY_RATE_LIMIT = int(os.environ.get("COMMUNITY_RATE_LIMIT", "3"))
COMMUNITY_RATE_WINDOW_SECONDS = int(os.environ.get("COMMUNITY_RATE_WINDOW_SECONDS", "3600"))
COMMUNITY_CONFIRM_DAYS = 7

# The newsletter: the daily digest goes out at this time of day (newsroom time zone, HH:MM);
# subscribe requests are limited per IP address, confirmation emails per address.
NEWSLETTER_SEND_AT = os.environ.get("NEWSLETTER_SEND_AT", "06:00").strip()
if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", NEWSLETTER_SEND_AT):
    raise ImproperlyConfigured(
        f"NEWSLETTER_SEND_AT must be a time of day as HH:MM, e.g. 06:00, "
        f"not {NEWSLETTER_SEND_AT!r}."
    )
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", "")
NEWSLETTER_RATE_LIMIT = int(os.environ.get("NEWSLETTER_RATE_LIMIT", "5"))
NEWSLETTER_RATE_WINDOW_SECONDS = int(os.environ.get("NEWSLETTER_RATE_WINDOW_SECONDS", "600"))
NEWSLETTER_CONFIRM_DAYS = 7

# Partner feeds are read from public addresses only; these hosts are allowed even when
# they resolve to this server's own network (a test server, an intranet mirror).
PARTNER_FEEDS_ALLOWED_HOSTS = env_list("PARTNER_FEEDS_ALLOWED_HOSTS", "")

# Uploaded images: refused above this size or pixel count (decompression bombs).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "15")) * 1024 * 1024
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
IMAGE_RENDITION_WIDTHS = (400, 800, 1200, 1600)

# Anonymous readers get stored copies of public pages, kept at most this long (0 turns it
# off) and never past the town's midnight: a change retires the pages that show it at once
# (newsroom.retirement_rules), a story scheduled for later retires its lists when it goes
# public (newsroom.scheduled_retirement), and the sidebar is stored apart, for
# FRAGMENT_CACHE_SECONDS (articles.page_slots). Browsers and CDNs get max-age=60 whatever
# this is. With Redis, give it a memory limit and an LRU policy (README, "Deploying").
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))
# Parts of pages shared by many readers (sidebar, story, thread, empty reply form) are kept
# this long between changes, so a page-cache miss is cheap too (0 turns them off).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "60"))

# The CDN in front, told which page keys (the Surrogate-Key header) a change retired:
# none, varnish (HTTP PURGE with the xkey vmod to each CDN_PURGE_URL), fastly (purge by
# surrogate key: CDN_PURGE_TOKEN and CDN_PURGE_SERVICE, the service id) or cloudflare
# (purge by cache tag: CDN_PURGE_TOKEN and CDN_PURGE_SERVICE, the zone id).
CDN_PURGE = os.environ.get("CDN_PURGE", "none").strip().lower() or "none"
CDN_PURGE_URLS = [
    url.strip() for url in os.environ.get("CDN_PURGE_URL", "").split(",") if url.strip()
]
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")
CDN_PURGE_SERVICE = os.environ.get("CDN_PURGE_SERVICE", "").strip()
try:
    CDN_PURGE_TIMEOUT = float(os.environ.get("CDN_PURGE_TIMEOUT", "5"))
except ValueError:
    raise ImproperlyConfigured("CDN_PURGE_TIMEOUT must be a number of seconds.") from None
if CDN_PURGE not in {"none", "varnish", "fastly", "cloudflare"}:
    raise ImproperlyConfigured(
        f"CDN_PURGE must be none, varnish, fastly or cloudflare, not {CDN_PURGE!r}."
    )
if CDN_PURGE == "varnish" and not CDN_PURGE_URLS:
    raise ImproperlyConfigured(
        "CDN_PURGE=varnish needs CDN_PURGE_URL: each Varnish server's address, "
        "comma-separated, e.g. http://10.0.0.5:6081/."
    )
if CDN_PURGE in {"fastly", "cloudflare"} and not (CDN_PURGE_TOKEN and CDN_PURGE_SERVICE):
    raise ImproperlyConfigured(
        f"CDN_PURGE={CDN_PURGE} needs CDN_PURGE_TOKEN (an API token allowed to purge) and "
        "CDN_PURGE_SERVICE (the "
        + ("Fastly service id)." if CDN_PURGE == "fastly" else "Cloudflare zone id).")
    )

# Trending: reads of the last 48 hours, each hour's weight halving every 12 hours.
TRENDING_WINDOW_HOURS = int(os.environ.get("TRENDING_WINDOW_HOURS", "48"))
TRENDING_HALF_LIFE_HOURS = float(os.environ.get("TRENDING_HALF_LIFE_HOURS", "12"))
TRENDING_CACHE_SECONDS = int(os.environ.get("TRENDING_CACHE_SECONDS", "60"))
# One reader counts once per story per half hour; the read buffer is written out each minute.
READ_REPEAT_SECONDS = 30 * 60
# One address (an office, a school, a phone network's gateway) counts as at most this many
# readers of a story per half hour, and its reports on a comment as one reader's.
READERS_PER_ADDRESS = int(os.environ.get("READERS_PER_ADDRESS", "3"))
READ_FLUSH_SECONDS = 60

# One line per event on standard output. No line carries an email address or a
# confirmation link: the console handler redacts them, whatever logged them (runserver's
# request lines included).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "cache_outage": {"()": "newsroom.log_filters.CacheOutage"},
        "redact": {"()": "newsroom.log_filters.Redact"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["redact"],
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "newsroom.cache": {"filters": ["cache_outage"]},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
