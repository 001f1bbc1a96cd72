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
LOGIN_URL = "/admin/login/"

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

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("GONGZHI_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HTTPS = env_bool("GONGZHI_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if SECURE_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

# --- Governance rules (settings with the defaults from docs/domain-rules) ----------------------
GONGZHI = {
    # 浙江省信访条例 art. 20: decide on acceptance within 5 working days (national: 15 days).
    "ACCEPT_WORKING_DAYS": env_int("GONGZHI_ACCEPT_WORKING_DAYS", 5),
    # Handling-period presets: "zhejiang" = 30 + ≤60 days, "national" = 60 + ≤30 days.
    "DEADLINE_PRESET": os.environ.get("GONGZHI_DEADLINE_PRESET", "zhejiang"),
    # Working days before a deadline at which the light turns yellow.
    "WARN_WORKING_DAYS": env_int("GONGZHI_WARN_WORKING_DAYS", 3),
    # Working days after a missed deadline (and its reminder) before the case goes to a supervisor.
    "SUPERVISE_AFTER_WORKING_DAYS": env_int("GONGZHI_SUPERVISE_AFTER_WORKING_DAYS", 2),
    # How many times a case may be returned (退单) before the dispatcher must arbitrate.
    "MAX_RETURNS": env_int("GONGZHI_MAX_RETURNS", 2),
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
    # Days after closing in which the follow-up (回访) should happen.
    "FOLLOW_UP_DAYS": env_int("GONGZHI_FOLLOW_UP_DAYS", 7),
}
NOTIFICATION_BACKEND = os.environ.get(
    "GONGZHI_NOTIFICATION_BACKEND", "gongzhi.core.notifications.OutboxBackend"
)
EMAIL_BACKEND = os.environ.get("GONGZHI_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("GONGZHI_FROM_EMAIL", "gongzhi@localhost")
SMS_GATEWAY_URL = os.environ.get("GONGZHI_SMS_GATEWAY_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGZHI_LOG_LEVEL", "WARNING")},
}
