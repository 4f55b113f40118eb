"""Factcheck settings: one file, driven by environment variables.

Production is the default: DEBUG is off unless DJANGO_DEBUG says otherwise, and without DEBUG the app
refuses to start without DJANGO_SECRET_KEY. `make run` turns DEBUG on for local work.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

# NumPy's BLAS spreads even a small matrix-vector product over every core; in a web process or a
# worker, beside others, that costs more than it gives (the matcher's look-up: 11 ms on one thread,
# 40 ms when threads contend). Set before anything imports NumPy; the environment can override it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def env_str(name: str, default: str = "") -> str:
    # An empty variable counts as unset, so `DATABASE_URL= make test` means the default.
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in production, or set DJANGO_DEBUG=1 for local work."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    # Before django_tasks_db: factcheck's `db_worker` (heartbeats, reclaiming a dead worker's
    # tasks) replaces the plain one.
    "factcheck",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common (Django's documented order): picks the language of each
    # request from the URL-less sources (session, cookie, Accept-Language); a signed-in desk
    # member's profile language then wins (factcheck.middleware.UserLanguageMiddleware).
    "django.middleware.locale.LocaleMiddleware",
    "factcheck.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "factcheck.public_url.PublicUrlMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.context_processors.desk",
            ],
            # Django's truncatechars with a fast path for texts within the limit (rows of lists).
            "builtins": ["factcheck.templatetags.fast_filters"],
        },
    },
]

# SQLite is the embedded default for local work; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for a web server beside a worker: readers never block the writer (WAL), a write waits
    # for the lock instead of failing at once with "database is locked" (timeout, seconds), and a
    # transaction takes the write lock when it begins (IMMEDIATE), so two transactions that read
    # then write cannot deadlock on the upgrade (which SQLite answers with an immediate error,
    # whatever the timeout). Services keep their transactions short: extraction runs before them.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("FACTCHECK_SQLITE_TIMEOUT", 20),
        **DATABASES["default"].get("OPTIONS", {}),
    }
# A read replica (optional): anonymous public reads and the exports go to it through
# config.routers.ReplicaRouter; every desk page and every write stays on the primary, so a reviewer
# sees their own rating at once.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
# Seconds after a change to public content during which public reads stay on the primary, so that
# a page cached right after a publish is never filled from a replica that has not caught up yet.
FACTCHECK_REPLICA_LAG_SECONDS = env_int("FACTCHECK_REPLICA_LAG_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups (backup_desk) keep timestamps to the microsecond.
SERIALIZATION_MODULES = {"json-exact": "factcheck.serializers"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Sign-in brute force: after FACTCHECK_LOGIN_FAILURES failures for one username from one address,
    # that pair is locked out for FACTCHECK_LOGIN_COOLOFF_MINUTES.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user of each request with their groups in one query.
    "factcheck.auth.DeskBackend",
]
# Lockouts live in the database (shared by every web process), not in one process's cache.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("FACTCHECK_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FACTCHECK_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "factcheck:my_work"
LOGOUT_REDIRECT_URL = "factcheck:public_verdicts"

# The interface's languages. Adding one is data: a locale/<code>/LC_MESSAGES/django.po, compiled
# (`manage.py compilemessages`; the .mo files are committed), and a line here.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers follow the active language; English keeps the desk's day-month-year style.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic` first, which production (docker-compose) runs.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Shared state. Every web process and worker must see the same cache: API throttles count in it,
# public pages and API reads are cached in it, and the public content version lives in it. Redis
# when REDIS_URL is set (production), else a table in the database (`createcachetable`, which
# `make run`, the tests and docker-compose's migrate run). Never per-process memory: with N web
# processes an anonymous client would get N times its rate limit.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("FACTCHECK_CACHE_PREFIX", "fc"),
            "TIMEOUT": 600,
            # A Redis that stops answering fails requests within seconds instead of hanging them.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions read from Redis and are written through to the database, which keeps them across
    # a Redis restart.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factcheck_cache",
            "KEY_PREFIX": env_str("FACTCHECK_CACHE_PREFIX", "fc"),
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Public pages and anonymous API reads: how long the shared cache keeps an entry (a change to public
# content replaces them all at once anyway), and how long browsers and CDNs may keep a response.
FACTCHECK_PUBLIC_CACHE_SECONDS = env_int("FACTCHECK_PUBLIC_CACHE_SECONDS", 600)
FACTCHECK_PUBLIC_MAX_AGE = env_int("FACTCHECK_PUBLIC_MAX_AGE", 60)

# Background work runs through django.tasks; the database backend needs no extra service.
TASKS = {
    "default": {
        "BACKEND": env_str("FACTCHECK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Workers (`manage.py db_worker`, any number of them): each writes a heartbeat every few seconds; one
# silent for the lease is taken for dead, and its tasks are retried (if running twice is harmless,
# up to FACTCHECK_TASK_MAX_ATTEMPTS starts) or marked failed with the reason (factcheck/worker.py).
FACTCHECK_WORKER_HEARTBEAT_SECONDS = env_int("FACTCHECK_WORKER_HEARTBEAT_SECONDS", 5)
FACTCHECK_WORKER_LEASE_SECONDS = env_int("FACTCHECK_WORKER_LEASE_SECONDS", 30)
FACTCHECK_TASK_MAX_ATTEMPTS = env_int("FACTCHECK_TASK_MAX_ATTEMPTS", 3)
# Background runs started per batch import (as many free workers share it), and how long one file
# may stay claimed by a worker that still lives before another takes it over.
FACTCHECK_IMPORT_TASKS = env_int("FACTCHECK_IMPORT_TASKS", 4)
FACTCHECK_IMPORT_FILE_TIMEOUT_SECONDS = env_int("FACTCHECK_IMPORT_FILE_TIMEOUT_SECONDS", 600)

# Security: production-safe defaults; local plain-HTTP work relaxes only what needs HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The REST API under /api/v1/ (factcheck/api/). Tokens first, so that a request carrying one is
# never taken for the browser session it may also carry; the session serves the browsable API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.CursorPagination",
    "PAGE_SIZE": 25,
    # Behind the reverse proxy every request comes from the proxy's address: count anonymous
    # clients by the address the proxies forwarded (the same count django-axes uses).
    "NUM_PROXIES": env_int("DJANGO_PROXY_COUNT", 0),
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.api.throttling.AnonRateThrottle",
        "factcheck.api.throttling.UserRateThrottle",
    ],
    "EXCEPTION_HANDLER": "factcheck.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "factcheck.api.schema.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests per client (IP for anonymous clients, user for token holders): "N/sec|min|hour|day".
FACTCHECK_API_ANON_RATE = env_str("FACTCHECK_API_ANON_RATE", "60/min")
FACTCHECK_API_USER_RATE = env_str("FACTCHECK_API_USER_RATE", "1200/min")

SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck API",
    "DESCRIPTION": (
        "Published verdicts, and for the desk's members the articles, claims, ratings, sources and "
        "comments behind them. Anonymous clients read published verdicts only; everything else "
        "needs an API token (`Authorization: Bearer fc_...`). Every error is "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "factcheck.models.Article.Status",
        "ClaimStatusEnum": "factcheck.models.Claim.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.add_error_responses",
    ],
    # Swagger UI from the drf-spectacular-sidecar package: no CDN, works offline. (No ReDoc: its
    # bundle injects styles before it knows the CSP nonce, runs search in a blob: worker and loads
    # its logo from a CDN, none of which the site's CSP allows.)
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The desk itself.
FACTCHECK_DESK_NAME = env_str("FACTCHECK_DESK_NAME", "Factcheck Desk")
# Absolute URL of the public site, used in exports, the API, ClaimReview and emails (no trailing
# slash). Unset in development, a request's absolute URLs follow the address it was asked at
# (`make run PORT=8123`); this fallback serves what runs outside a request.
_PUBLIC_URL = env_str("FACTCHECK_PUBLIC_URL")
FACTCHECK_PUBLIC_URL = (_PUBLIC_URL or "http://127.0.0.1:8000").rstrip("/")
FACTCHECK_PUBLIC_URL_FROM_REQUEST = env_bool(
    "FACTCHECK_PUBLIC_URL_FROM_REQUEST", DEBUG and not _PUBLIC_URL
)
# Independent ratings a claim needs before an editor publishes without an override.
FACTCHECK_QUORUM = env_int("FACTCHECK_QUORUM", 2)
# Largest article a paste, upload, URL or `ingest` accepts, in bytes.
FACTCHECK_MAX_ARTICLE_BYTES = env_int("FACTCHECK_MAX_ARTICLE_BYTES", 1_000_000)
# A form post may carry an article a little over the limit (so the page can say it is too large);
# far larger bodies are refused before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * FACTCHECK_MAX_ARTICLE_BYTES + 65_536
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Fetching an article from a URL: seconds before giving up; private addresses stay refused in
# production (tests serve pages from 127.0.0.1 and turn this on).
FACTCHECK_FETCH_TIMEOUT = env_int("FACTCHECK_FETCH_TIMEOUT", 10)
FACTCHECK_FETCH_ALLOW_PRIVATE = env_bool("FACTCHECK_FETCH_ALLOW_PRIVATE", False)
FACTCHECK_DEMO_PASSWORD = env_str("FACTCHECK_DEMO_PASSWORD", "factcheck-demo")
# Claims already checked: similarity (0-1) from which a published claim is suggested as the same
# claim; measured by bench/matching_eval.py.
FACTCHECK_MATCH_THRESHOLD = float(env_str("FACTCHECK_MATCH_THRESHOLD", "0.5"))

# Email (notifications), sent by the background worker through Django's mailers. Production sends
# through SMTP when EMAIL_HOST is set; development (DEBUG) prints messages to the console (the
# worker's output); without either there is no mailer, nothing is sent and the profile page says so.
# EMAIL_BACKEND (a dotted path) overrides the choice.
email_host = env_str("EMAIL_HOST")
email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if email_host
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "",
)
# STARTTLS on the submission port unless implicit TLS (EMAIL_USE_SSL, port 465) is asked for.
email_use_ssl = env_bool("EMAIL_USE_SSL", False)
email_use_tls = env_bool("EMAIL_USE_TLS", not email_use_ssl)
if email_use_tls and email_use_ssl:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
MAILERS = {}
if email_backend:
    MAILERS["default"] = {"BACKEND": email_backend}
if email_backend == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": email_host or "localhost",
        "port": env_int("EMAIL_PORT", 465 if email_use_ssl else 587),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": email_use_tls,
        "use_ssl": email_use_ssl,
        # A stuck mail server must not hold a worker forever.
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "factcheck@localhost")
# The daily digest goes out at this hour (0-23) of TIME_ZONE.
FACTCHECK_DIGEST_HOUR = env_int("FACTCHECK_DIGEST_HOUR", 7)
if not 0 <= FACTCHECK_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(
        f"FACTCHECK_DIGEST_HOUR must be an hour from 0 to 23, not {FACTCHECK_DIGEST_HOUR}"
    )
# The semantic matcher (embeddings + trained re-ranker, factcheck/matching/): the score (probability
# times the near-miss discounts) from which the desk's own earlier verdict is suggested for a new
# claim (bench/matching_eval.py), and the probability from which the claim panel lists an outside
# fact-check as "already checked".
FACTCHECK_MATCH_SEMANTIC_THRESHOLD = float(env_str("FACTCHECK_MATCH_SEMANTIC_THRESHOLD", "0.8"))
FACTCHECK_MATCH_PANEL_THRESHOLD = float(env_str("FACTCHECK_MATCH_PANEL_THRESHOLD", "0.3"))
# Other fact-checkers' ClaimReview feeds (comma-separated http(s) URLs: a DataFeed, a JSON list, JSON
# Lines or a Fact Check Tools API answer), re-imported by the background worker every
# FACTCHECK_FEED_INTERVAL_MINUTES; none by default.
FACTCHECK_FEED_URLS = env_list("FACTCHECK_FEED_URLS")
FACTCHECK_FEED_INTERVAL_MINUTES = env_int("FACTCHECK_FEED_INTERVAL_MINUTES", 360)
# Largest feed fetched, in bytes (a full Data Commons feed is tens of megabytes).
FACTCHECK_FEED_MAX_BYTES = env_int("FACTCHECK_FEED_MAX_BYTES", 200_000_000)
