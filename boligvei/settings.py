"""Boligvei's one settings file, driven by environment variables.

Every variable is listed in the README's configuration table. Development (`DEBUG=true`) works
with no other variable set; production (`DEBUG` unset or false) refuses to start without its
secrets, so that a forgotten key is an error at start-up rather than a weakness in service.
"""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = env(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc.strerror}") from exc
    return env(name)


DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(env("BOLIGVEI_DATA_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "development-only-key-never-use-in-production-" + "x" * 20


def _derived_key(purpose: str) -> str:
    """A development-only key derived from SECRET_KEY; production sets its own."""
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Identity numbers are encrypted at rest (Fernet). Several comma-separated keys allow rotation:
# the first encrypts, all decrypt. The hash key makes identity numbers searchable without
# keeping them in clear text in any index.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", env_secret("FIELD_ENCRYPTION_KEY") or "")
IDENTITY_HASH_KEY = env_secret("IDENTITY_HASH_KEY")
if not FIELD_ENCRYPTION_KEYS or not IDENTITY_HASH_KEY:
    if not DEBUG and not env_bool("BOLIGVEI_TESTING", False):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY and IDENTITY_HASH_KEY (or their _FILE variants) must be set "
            "when DEBUG is off. Generate a key with: boligvei generate_keys"
        )
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_derived_key("field-encryption")]
    IDENTITY_HASH_KEY = IDENTITY_HASH_KEY or _derived_key("identity-hash")

# Skatteetaten's synthetic test numbers (month + 80) belong in demo and test data only.
ALLOW_SYNTHETIC_IDENTITY_NUMBERS = env_bool("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", DEBUG)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

MUNICIPALITY_NAME = env("MUNICIPALITY_NAME", "Fjordvik kommune")
MUNICIPALITY_NUMBER = env("MUNICIPALITY_NUMBER", "3999")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "boligvei.core",
    "boligvei.people",
    "boligvei.housing",
    "boligvei.assessments",
    "boligvei.cases",
    "boligvei.meetings",
    "boligvei.referrals",
    "boligvei.outreach",
    "boligvei.reports",
    "boligvei.imports",
    "boligvei.privacy",
    "boligvei.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "boligvei.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "boligvei.urls"
WSGI_APPLICATION = "boligvei.wsgi.application"

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
                "boligvei.core.context_processors.boligvei",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'boligvei.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: PostgreSQL's JIT compiler costs more (tens of ms) than it saves here.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background work (letter batches) is stored in the database, so it needs no other server and
# survives a restart: `boligvei db_worker` runs it (`make run` starts one beside the web server).
TASKS = {"default": {"BACKEND": env("TASK_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}}

# A cache every web process shares (the rate limits on the public forms count in it). The
# database cache needs no other server, but its counters are not atomic: a burst of concurrent
# submissions may get a few past the limit. With REDIS_URL set, Redis counts exactly.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
    if env("REDIS_URL") else
    {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "boligvei_cache"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff pages speak bokmål whatever the browser asks for; letters and the public pages choose
# the household's own language explicitly.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
NODE_MODULES = Path(env("BOLIGVEI_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("designsystemet", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist"),
    ("inter", NODE_MODULES / "@fontsource" / "inter"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG and not env_bool("BOLIGVEI_TESTING", False))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("BOLIGVEI_TESTING", False)
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS

# Sessions end after 30 minutes without activity (personal data on shared office screens).
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Error reports must not carry personal data: every POST field is masked, and request bodies
# never reach the logs.
DEFAULT_EXCEPTION_REPORTER_FILTER = "boligvei.core.logging.PersonalDataExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING", "propagate": True}},
}

# Defaults the affordability calculator opens with; the caseworker adjusts them in the meeting.
# Husbanken's floating rate plus the municipality's margin (verify against husbanken.no).
STARTLAN_RATE_PERCENT = env("STARTLAN_RATE_PERCENT", "5.0")
# Electricity, insurance and maintenance on top of the dwelling's common costs and fees (estimate).
OTHER_RUNNING_COSTS_MONTHLY = int(env("OTHER_RUNNING_COSTS_MONTHLY", "2000"))

# Outreach. The public address of this service (letters and flyers link to its public pages with
# a QR code), the housing office as the letters' sender, and the outreach rules.
PUBLIC_URL = (env("PUBLIC_URL", "http://127.0.0.1:8000") or "").rstrip("/")
HOUSING_OFFICE_NAME = env("HOUSING_OFFICE_NAME", "Boligkontoret")
HOUSING_OFFICE_ADDRESS = env("HOUSING_OFFICE_ADDRESS", "Rådhusgata 1, 3999 Fjordvik")
HOUSING_OFFICE_PHONE = env("HOUSING_OFFICE_PHONE", "99 99 99 99")
# Days after a letter was sent before a reminder is proposed, and how long a household that said
# no is left alone (a campaign can set its own).
REMINDER_AFTER_DAYS = int(env("REMINDER_AFTER_DAYS", "21"))
DECLINE_QUARANTINE_DAYS = int(env("DECLINE_QUARANTINE_DAYS", "365"))
# Submissions per hour from one address to the public interest and referral forms.
PUBLIC_FORM_RATE = env("PUBLIC_FORM_RATE", "10/h")

PAGE_SIZE = 25
FORM_RENDERER = "boligvei.core.forms.FormRenderer"
