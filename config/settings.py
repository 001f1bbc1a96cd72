"""Gongzhi settings: every value comes from the environment, with safe defaults.

The embedded default is SQLite (WAL) under ./var/ and in-process background tasks
backed by the database, so a fresh machine needs nothing but Python.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGZHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("GONGZHI_DEBUG", False)
SECRET_KEY = os.environ.get("GONGZHI_SECRET_KEY", "")
if not SECRET_KEY:
    # A per-installation key kept under var/ so that a fresh demo needs no set-up step.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("GONGZHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("GONGZHI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "gongzhi.core",
    "gongzhi.org",
    "gongzhi.routing",
    "gongzhi.cases",
    "gongzhi.insights",
    "gongzhi.web",
    "ninja",  # its templates and static files serve the API docs offline (no CDN)
    "gongzhi.api",
    "gongzhi.kinship",
    "gongzhi.deliberation",
    "gongzhi.mediation",
    "gongzhi.demo",
    "gongzhi.campaigns",
    "gongzhi.market",
    "gongzhi.grid",
    "gongzhi.drones",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongzhi.web.middleware.ContentSecurityPolicyMiddleware",
    "gongzhi.web.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongzhi.web.context.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongzhi.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("GONGZHI_DB_CONN_MAX_AGE", 60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE makes a write transaction take
        # the lock at BEGIN, so two writers queue instead of failing half-way (database is locked).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db.setdefault("TEST", {})["NAME"] = os.environ.get("GONGZHI_TEST_SQLITE", "")
    if not _db["TEST"]["NAME"]:
        del _db["TEST"]["NAME"]
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# --- Background tasks -------------------------------------------------------------------------
TASK_BACKEND = os.environ.get("GONGZHI_TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASK_BACKEND]
    }
}

# --- Locale -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gongzhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Attachments live outside the web root and are only served through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("GONGZHI_MEDIA_ROOT", VAR_DIR / "attachments"))
ATTACHMENT_MAX_BYTES = env_int("GONGZHI_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
ATTACHMENT_ALLOWED_TYPES = env_list(
    "GONGZHI_ATTACHMENT_ALLOWED_TYPES",
    ["image/jpeg", "image/png", "image/webp", "application/pdf", "audio/mpeg", "audio/mp4", "video/mp4"],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Smart intake (routing) -------------------------------------------------------------------
# Trained category classifiers (joblib + metadata JSON), one file per version.
ROUTING_MODEL_DIR = Path(os.environ.get("GONGZHI_ROUTING_MODEL_DIR", VAR_DIR / "models" / "routing"))
ROUTING = {
    # Repeat detection: a case counts as "recent" this many days after registration, even when closed.
    "REPEAT_RECENT_DAYS": env_int("GONGZHI_REPEAT_RECENT_DAYS", 90),
    # Hot issues: the window of cases grouped, and the fewest distinct people that make a hot issue.
    "HOT_WINDOW_DAYS": env_int("GONGZHI_HOT_WINDOW_DAYS", 30),
    "HOT_MIN_PEOPLE": env_int("GONGZHI_HOT_MIN_PEOPLE", 3),
    # Answer check: a reply later than this many days after registration is flagged when the case
    # has no deadline of its own (Zhejiang: 30 days of handling, 浙江省信访条例).
    "ANSWER_DUE_DAYS": env_int("GONGZHI_ANSWER_DUE_DAYS", 30),
}

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("GONGZHI_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SECURE_HTTPS = env_bool("GONGZHI_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if SECURE_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

# --- Web pages (gongzhi.web) -------------------------------------------------------------------
# Map tiles: an intranet tile server ("https://tiles.example.gov/{z}/{x}/{y}.png", WGS-84 / Web
# Mercator). Empty: the maps show the district outline and towns on a plain background.
MAP_TILE_URL = os.environ.get("GONGZHI_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("GONGZHI_MAP_TILE_ATTRIBUTION", "")
# Login throttling: this many failures for one username or one address within the window lock
# further attempts until the window has passed.
LOGIN_MAX_FAILURES = env_int("GONGZHI_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("GONGZHI_LOGIN_LOCKOUT_SECONDS", 15 * 60)
# The public submission form: at most this many submissions per address per hour (all processes).
PUBLIC_SUBMISSIONS_PER_HOUR = env_int("GONGZHI_PUBLIC_SUBMISSIONS_PER_HOUR", 5)
PUBLIC_LOOKUPS_PER_HOUR = env_int("GONGZHI_PUBLIC_LOOKUPS_PER_HOUR", 30)
# Trust X-Forwarded-For for the client address only behind a known reverse proxy.
TRUST_X_FORWARDED_FOR = env_bool("GONGZHI_TRUST_X_FORWARDED_FOR", False)
# Leaders' cockpit: seconds between automatic refreshes.
COCKPIT_REFRESH_SECONDS = env_int("GONGZHI_COCKPIT_REFRESH_SECONDS", 300)
# How long the cockpit's and the board's figures are reused for the same scope and period (0: never cached).
COCKPIT_CACHE_SECONDS = env_int("GONGZHI_COCKPIT_CACHE_SECONDS", 60)
# The cache: a file cache under var/ (every process of this machine shares it, no service needed);
# Redis when GONGZHI_REDIS_URL is set, for several app servers (pip install 'gongzhi[redis]').
REDIS_URL = os.environ.get("GONGZHI_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# --- Governance rules (settings with the defaults from docs/domain-rules) ----------------------
GONGZHI = {
    # 浙江省信访条例 art. 20: decide on acceptance within 5 working days (national: 15 days).
    "ACCEPT_WORKING_DAYS": env_int("GONGZHI_ACCEPT_WORKING_DAYS", 5),
    # Urgent matters (Urgency values) are decided on within this many clock hours of registration
    # instead (信访工作条例 art. 25: major or urgent matters are handled and reported up at once).
    # UNCONFIRMED: no public source gives these figures; a setting. Urgencies not listed keep
    # ACCEPT_WORKING_DAYS.
    "URGENT_ACCEPT_HOURS": {
        "urgent": env_int("GONGZHI_URGENT_ACCEPT_HOURS", 24),
        "critical": env_int("GONGZHI_CRITICAL_ACCEPT_HOURS", 2),
    },
    # Handling-period presets: "zhejiang" = 30 + ≤60 days, "national" = 60 + ≤30 days.
    "DEADLINE_PRESET": os.environ.get("GONGZHI_DEADLINE_PRESET", "zhejiang"),
    # Working days before a deadline at which the light turns yellow.
    "WARN_WORKING_DAYS": env_int("GONGZHI_WARN_WORKING_DAYS", 3),
    # Working days after a missed deadline (and its reminder) before the case goes to a supervisor.
    "SUPERVISE_AFTER_WORKING_DAYS": env_int("GONGZHI_SUPERVISE_AFTER_WORKING_DAYS", 2),
    # How many times a case may be returned (退单) before the dispatcher must arbitrate.
    "MAX_RETURNS": env_int("GONGZHI_MAX_RETURNS", 2),
    # 信访工作条例 art. 23 para. 3; 浙江省信访条例 art. 20 para. 2: a unit objects to a matter that is
    # not its own (退单) within 5 working days of receiving it.
    "RETURN_WORKING_DAYS": env_int("GONGZHI_RETURN_WORKING_DAYS", 5),
    # Joint-handling sub-tasks are due this many working days before the lead's deadline.
    "SUBTASK_LEAD_WORKING_DAYS": env_int("GONGZHI_SUBTASK_LEAD_WORKING_DAYS", 5),
    # 631 targets: village / town / district share of resolved disputes (UNCONFIRMED; a setting).
    "RESOLUTION_TARGETS": {"village": 0.60, "town": 0.30, "district": 0.10},
    # Zhejiang: at most 3 representatives for a group of 10 or fewer, 5 above (national: 5).
    "GROUP_VISIT_RULE": os.environ.get("GONGZHI_GROUP_VISIT_RULE", "zhejiang"),
    # 书记接访日: the weekday (0 = Monday) of the village secretaries' reception day.
    "RECEPTION_WEEKDAY": env_int("GONGZHI_RECEPTION_WEEKDAY", 1),
    # 复查 / 复核: 30 days to ask, 30 days to answer.
    "REVIEW_REQUEST_DAYS": env_int("GONGZHI_REVIEW_REQUEST_DAYS", 30),
    "REVIEW_ANSWER_DAYS": env_int("GONGZHI_REVIEW_ANSWER_DAYS", 30),
    # 信访工作条例 art. 36: the 复核 of a 复查 decided at the district (the top of this installation)
    # belongs to the city; it is forwarded there and its outcome entered when it comes back.
    "HIGHER_REVIEW_AUTHORITY": os.environ.get("GONGZHI_HIGHER_REVIEW_AUTHORITY", "绍兴市人民政府信访局"),
    # Days after closing in which the follow-up (回访) should happen.
    "FOLLOW_UP_DAYS": env_int("GONGZHI_FOLLOW_UP_DAYS", 7),
    # Deliberation (domain-rules §5): which kinship set each rule uses ("close_relative" =
    # 民法典 art. 1045; "recusal_relative" = spouse, lineal, collateral ≤3 generations, close in-laws).
    "TENDER_EXCLUSION_PREDICATE": os.environ.get("GONGZHI_TENDER_EXCLUSION_PREDICATE", "recusal_relative"),
    "SUPERVISION_COMMITTEE_PREDICATE": os.environ.get(
        "GONGZHI_SUPERVISION_COMMITTEE_PREDICATE", "close_relative"
    ),
    # Days a decision or result stays published for objections (UNCONFIRMED; a setting).
    "PUBLICITY_DAYS": env_int("GONGZHI_PUBLICITY_DAYS", 7),
    # 浙江省实施办法 art. 36: questions answered within 15 days.
    "OBJECTION_ANSWER_DAYS": env_int("GONGZHI_OBJECTION_ANSWER_DAYS", 15),
    # 浙江省实施办法 art. 22: consecutive unexcused absences that flag a representative.
    "REPRESENTATIVE_ABSENCE_LIMIT": env_int("GONGZHI_REPRESENTATIVE_ABSENCE_LIMIT", 3),
}
# Deadline sweeps run by `gongzhi sweep` and every minute by `gongzhi worker` (gongzhi/core/sweeps.py).
GONGZHI_SWEEPS = [
    "gongzhi.cases.services.sweep_run",
    "gongzhi.mediation.services.mediation_sweep_run",
    "gongzhi.campaigns.services.campaigns_sweep_run",
    "gongzhi.deliberation.services.deliberation_sweep_run",
]
# Called with the new case's id once an intake commits, on every channel (gongzhi/cases/hooks.py).
GONGZHI_CASE_INTAKE_HOOKS = [
    "gongzhi.routing.hooks.case_registered",  # the repeat index (重复件)
]
# Module demo data loaded by `gongzhi demo` after the case history (each takes seed=, idempotent).
GONGZHI_DEMO_LOADERS = [
    "gongzhi.mediation.demo.mediation_demo_load",
    "gongzhi.deliberation.demo.deliberation_demo_load",
    "gongzhi.campaigns.demo.campaigns_demo_load",
    "gongzhi.drones.demo.drones_demo_load",
    "gongzhi.routing.demo.routing_demo_load",  # last: trains on and indexes every case above
]
NOTIFICATION_BACKEND = os.environ.get(
    "GONGZHI_NOTIFICATION_BACKEND", "gongzhi.core.notifications.OutboxBackend"
)
EMAIL_BACKEND = os.environ.get("GONGZHI_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("GONGZHI_FROM_EMAIL", "gongzhi@localhost")
SMS_GATEWAY_URL = os.environ.get("GONGZHI_SMS_GATEWAY_URL", "")

# --- API (gongzhi.api): REST v1 and Open311 -----------------------------------------------------
# Requests per window per application key / personal token, and per client address (requests
# without a valid key). Counted in the database, so every worker process shares them. 0 = off.
GONGZHI_RATE_LIMIT_PER_KEY = env_int("GONGZHI_RATE_LIMIT_PER_KEY", 600)
GONGZHI_RATE_LIMIT_PER_IP = env_int("GONGZHI_RATE_LIMIT_PER_IP", 300)
GONGZHI_RATE_LIMIT_WINDOW_SECONDS = env_int("GONGZHI_RATE_LIMIT_WINDOW_SECONDS", 60)
# Idempotency-Key: how long a response is kept for replay, and how long a duplicate waits for it.
GONGZHI_IDEMPOTENCY_TTL_HOURS = env_int("GONGZHI_IDEMPOTENCY_TTL_HOURS", 24)
GONGZHI_IDEMPOTENCY_WAIT_SECONDS = env_int("GONGZHI_IDEMPOTENCY_WAIT_SECONDS", 10)
# Webhooks: attempts per delivery, the first back-off (×4 each retry), the HTTP timeout.
GONGZHI_WEBHOOK_MAX_ATTEMPTS = env_int("GONGZHI_WEBHOOK_MAX_ATTEMPTS", 6)
GONGZHI_WEBHOOK_BACKOFF_SECONDS = env_int("GONGZHI_WEBHOOK_BACKOFF_SECONDS", 30)
GONGZHI_WEBHOOK_TIMEOUT_SECONDS = env_int("GONGZHI_WEBHOOK_TIMEOUT_SECONDS", 5)
# Open311 GeoReport v2: the jurisdiction_id this endpoint answers to, the district a report
# without a known place belongs to, the WGS-84 box (west,south,east,north) a lat/long must lie in,
# and whether a request is accepted and routed at once (default: it waits for the window).
GONGZHI_OPEN311_JURISDICTION = os.environ.get("GONGZHI_OPEN311_JURISDICTION", "330603")
GONGZHI_OPEN311_DISTRICT_CODE = os.environ.get("GONGZHI_OPEN311_DISTRICT_CODE", "330603000000")
GONGZHI_OPEN311_BBOX = os.environ.get("GONGZHI_OPEN311_BBOX", "120.27,29.68,120.80,30.30")
GONGZHI_OPEN311_AUTO_ACCEPT = env_bool("GONGZHI_OPEN311_AUTO_ACCEPT", False)
GONGZHI_OPEN311_CONTACT = os.environ.get("GONGZHI_OPEN311_CONTACT", "柯桥区社会治理中心")
GONGZHI_OPEN311_ENDPOINT_TYPE = os.environ.get("GONGZHI_OPEN311_ENDPOINT_TYPE", "production")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGZHI_LOG_LEVEL", "WARNING")},
}
