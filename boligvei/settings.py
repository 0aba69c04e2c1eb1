"""Boligvei's one settings file, driven by environment variables.

Every variable is listed in the README's configuration table. Development (`DEBUG=true`) works
with no other variable set; production (`DEBUG` unset or false) refuses to start without its
secrets, so that a forgotten key is an error at start-up rather than a weakness in service.
"""

import base64
import datetime as dt
import hashlib
import ipaddress
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


def env_map(name: str) -> dict[str, str]:
    """`key=value,key=value` as a dict, in the order given."""
    pairs = [item.split("=", 1) for item in env_list(name)]
    if any(len(pair) != 2 for pair in pairs):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list of key=value pairs")
    return {key.strip(): value.strip() for key, value in pairs}


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
    # Before django_tasks_db, so that its `db_worker` is dispatch's (which extends outreach's): it
    # requeues interrupted letter batches and SvarUt shipments.
    "boligvei.dispatch",
    "boligvei.outreach",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "boligvei.core",
    "boligvei.people",
    "boligvei.housing",
    "boligvei.guidelines",
    "boligvei.assessments",
    "boligvei.cases",
    "boligvei.meetings",
    "boligvei.referrals",
    "boligvei.reports",
    "boligvei.imports",
    "boligvei.privacy",
    "boligvei.archive",
    "boligvei.api",
    "boligvei.demo",
    "ninja",  # django-ninja's Swagger UI, served from our own static files (the CSP allows no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "boligvei.core.middleware.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "boligvei.core.middleware.ContentSecurityPolicyMiddleware",
    "boligvei.core.middleware.TwoFactorMiddleware",
    # Last: turns a lockout flagged during the request into the login page with its message.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
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
# `/helse/arbeider/` answers 503 when a task has waited longer than this for a worker.
WORKER_LATE_SECONDS = int(env("WORKER_LATE_SECONDS", "300"))
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

# django-axes asks first and refuses a username at an address that failed too often; the
# backends after it check the password (append single sign-on's backend here).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A username at one address is locked after AXES_FAILURE_LIMIT failed passwords or two-factor
# codes within the cool-off, until AXES_COOLOFF_MINUTES have passed without a failure.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address behind the TLS proxy (core/client_address.py), the same one the rate limits count;
# the username is stored as a keyed hash, since people type their identity number there.
AXES_CLIENT_IP_CALLABLE = "boligvei.core.client_address.client_address"
AXES_USERNAME_CALLABLE = "boligvei.core.client_address.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "boligvei.core.mfa_views.locked_out"
# The audit log records who did what; axes keeps only the failures it counts, masked in its logs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# Authenticator apps show the municipality's service by this name.
OTP_TOTP_ISSUER = f"Boligvei {MUNICIPALITY_NAME}"

# Single sign-on for staff with the municipality's account (OpenID Connect, e.g. Microsoft Entra
# ID; docs/sso.md), through mozilla-django-oidc. Off unless OIDC_RP_CLIENT_ID is set. The
# provider's endpoints come from its discovery document, fetched at the first login, unless set
# one by one. Users are matched by the `sub` claim; role and team come from the claims.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_RP_CLIENT_SECRET")
OIDC_OP_DISCOVERY_URL = env("OIDC_OP_DISCOVERY_URL")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER")
OIDC_OP_END_SESSION_ENDPOINT = env("OIDC_OP_END_SESSION_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email")
OIDC_ROLE_CLAIM = env("OIDC_ROLE_CLAIM", "roles")
OIDC_ROLE_MAP = env_map("OIDC_ROLE_MAP")
OIDC_TEAM_CLAIM = env("OIDC_TEAM_CLAIM")
OIDC_TEAM_MAP = env_map("OIDC_TEAM_MAP")
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT_SECONDS", "10"))
OIDC_USE_PKCE = True
OIDC_AUTHENTICATE_CLASS = "boligvei.core.sso.SsoAuthenticateView"
OIDC_CALLBACK_CLASS = "boligvei.core.sso.SsoCallbackView"
OIDC_OP_LOGOUT_URL_METHOD = "boligvei.core.sso.provider_logout_url"
if OIDC_RP_CLIENT_ID:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_RP_CLIENT_SECRET (or _FILE) must be set with OIDC_RP_CLIENT_ID")
    if not OIDC_OP_DISCOVERY_URL and not (OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT
                                          and OIDC_OP_JWKS_ENDPOINT and OIDC_OP_ISSUER):
        raise ImproperlyConfigured("Single sign-on needs OIDC_OP_DISCOVERY_URL, or the authorization, "
                                   "token and JWKS endpoints and the issuer one by one")
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "boligvei.core.sso.SsoBackend"]
    AXES_WHITELIST_CALLABLE = "boligvei.core.sso.is_callback_attempt"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Pages speak the municipality's official written form (målform, språklova § 6: nb or nn) unless a
# person chose otherwise: a tenant with the language switch on the public pages (a cookie), a staff
# user with their own preference (core.middleware.LanguageMiddleware). The browser's
# Accept-Language is not asked: a nynorsk municipality's pages must not turn bokmål by default.
# Letters choose the household's own language explicitly.
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
MUNICIPALITY_LANGUAGE = env("MUNICIPALITY_LANGUAGE", "nb")
if MUNICIPALITY_LANGUAGE not in ("nb", "nn"):
    raise ImproperlyConfigured("MUNICIPALITY_LANGUAGE must be nb (bokmål) or nn (nynorsk)")
LANGUAGE_CODE = MUNICIPALITY_LANGUAGE
LANGUAGE_COOKIE_NAME = "boligvei_sprak"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
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

# Behind the municipality's TLS proxy the client's address is the one the proxy appends to
# X-Forwarded-For (core/client_address.py; rate limits and lockouts count by it). TRUSTED_PROXIES
# (addresses or networks) limits whose header is believed; TRUSTED_PROXY_HOPS counts the proxies
# in a row that each append one (a load balancer in front of the TLS proxy makes two).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
TRUSTED_PROXY_HOPS = int(env("TRUSTED_PROXY_HOPS", "1"))
if TRUSTED_PROXY_HOPS < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_HOPS must be 1 or more")
try:
    [ipaddress.ip_network(proxy, strict=False) for proxy in TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc
RATELIMIT_IP_META_KEY = "boligvei.core.client_address.client_address"

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
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Error reports must not carry personal data: every POST field is masked, and request bodies
# never reach the logs.
DEFAULT_EXCEPTION_REPORTER_FILTER = "boligvei.core.logging.PersonalDataExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event (a traceback folded onto it), for the journal and log collectors.
    "formatters": {"plain": {"()": "boligvei.core.logging.OneLineFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING", "propagate": True},
                # Failures and lockouts only (usernames and addresses masked), not every login.
                "axes": {"level": "WARNING", "propagate": True}},
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
# Answers per hour from one address on the public self-check (it asks again at each change).
SELF_CHECK_RATE = env("SELF_CHECK_RATE", "120/h")
# Requests per API key (boligvei.api, docs/api.md): beyond it 429 with Retry-After.
API_RATE = env("API_RATE", "600/m")
# Retention (`boligvei anonymise`): a household whose cases are all closed, with no tenancy in force,
# no place on the waiting list and no activity for this many years is anonymised. Five years
# covers the follow-up after a purchase (Veiviseren's phase 4), a new invitation after a "not now"
# and the general three-year limitation period for claims (foreldelsesloven § 2) with a margin;
# decisions are kept in the municipality's archive (Noark 5), not here. A municipal decision:
# set it in the municipality's own processing record (behandlingsprotokoll).
RETENTION_YEARS = int(env("RETENTION_YEARS", "5"))

# A startlån recommendation rests on a mapping and an assessment no older than this many days
# (cases/decisions.py); older or missing ones need a reason, which the approver sees.
RECOMMENDATION_EVIDENCE_MAX_AGE_DAYS = int(env("RECOMMENDATION_EVIDENCE_MAX_AGE_DAYS", "90"))

PAGE_SIZE = 25
FORM_RENDERER = "boligvei.core.forms.FormRenderer"

# Imports (docs/imports.md). An uploaded file is refused above IMPORT_MAX_UPLOAD_MB (the import
# engine reads nothing over 50 MB); the request's declared length is checked before its body is
# read, and the upload is cut off once it passes the limit. Uploads wait for the dry run and the
# commit in DATA_DIR/imports (never served), named by a random token, and are deleted after the
# commit or after IMPORT_UPLOAD_KEEP_HOURS.
IMPORT_MAX_UPLOAD_BYTES = int(env("IMPORT_MAX_UPLOAD_MB", "50")) * 1024 * 1024
IMPORT_UPLOAD_DIR = Path(env("IMPORT_UPLOAD_DIR", str(DATA_DIR / "imports")))
IMPORT_UPLOAD_KEEP_HOURS = int(env("IMPORT_UPLOAD_KEEP_HOURS", "24"))
# A dry run (the page and `boligvei import --dry-run`) stops with a message after this long.
IMPORT_DRY_RUN_SECONDS = int(env("IMPORT_DRY_RUN_SECONDS", "60"))
# A form's fields without files (a register form, a letter template) stay small; a file over
# FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file on disk instead of memory while uploading.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# E-mail (first-login links to new staff users). Off unless EMAIL_HOST is set: the administrator
# then passes the link on. DEFAULT_FROM_EMAIL is the sender.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "boligvei@localhost")
# How long a first-login link works (seconds; Django's password-reset token).
PASSWORD_RESET_TIMEOUT = int(env("FIRST_LOGIN_LINK_DAYS", "3")) * 86400
# Decisions (cases/certificates.py): how long a financing certificate is valid when issued, in
# months, and when "Mitt arbeid" warns: a certificate that runs out within this many days, and a
# household that has held one this many days without buying (Husbanken 2026: the share buying
# within four months fell sharply in 2024–25).
FINANCING_CERTIFICATE_MONTHS = int(env("FINANCING_CERTIFICATE_MONTHS", "6"))
# The letting of a municipal dwelling needs a second person with approver authority before it
# takes effect and its letter is made (cases/lettings.py); off: the one who lets it decides.
LETTING_REQUIRES_SECOND_APPROVER = env_bool("LETTING_REQUIRES_SECOND_APPROVER", False)
CERTIFICATE_EXPIRY_WARNING_DAYS = int(env("CERTIFICATE_EXPIRY_WARNING_DAYS", "30"))
CERTIFICATE_LONG_HELD_DAYS = int(env("CERTIFICATE_LONG_HELD_DAYS", "120"))
# After the purchase (cases/follow_ups.py): the follow-ups planned when a purchase is registered,
# in months after the takeover, comma-separated.
FOLLOW_UP_AFTER_PURCHASE_MONTHS = sorted({int(months) for months in env_list("FOLLOW_UP_AFTER_PURCHASE_MONTHS",
                                                                              "3,12")})

# Letters out through KS Fiks SvarUt (docs/svarut.md). Off unless SVARUT_ENABLED: then a campaign
# or a single letter may be sent through SvarUt instead of print; print always stays possible.
# The REST v2 contract: the account (konto) id, the Fiks integration's id and password, and a
# Maskinporten token with scope ks:fiks from SVARUT_TOKEN_PROVIDER (by default the JWT grant
# against MASKINPORTEN_*).
SVARUT_ENABLED = env_bool("SVARUT_ENABLED", False)
SVARUT_URL = (env("SVARUT_URL", "https://svarut.ks.no/api") or "").rstrip("/")
SVARUT_ACCOUNT_ID = env("SVARUT_ACCOUNT_ID", "")
SVARUT_INTEGRATION_ID = env("SVARUT_INTEGRATION_ID", "")
SVARUT_INTEGRATION_PASSWORD = env_secret("SVARUT_INTEGRATION_PASSWORD") or ""
SVARUT_FORSENDELSESTYPE = env("SVARUT_FORSENDELSESTYPE", "")
SVARUT_KONTERINGSKODE = env("SVARUT_KONTERINGSKODE", "")
SVARUT_TOKEN_PROVIDER = env("SVARUT_TOKEN_PROVIDER", "boligvei.dispatch.maskinporten.MaskinportenTokenProvider")
# SvarUt answers a send within 15 minutes; the read timeout waits a little longer.
SVARUT_TIMEOUT_SECONDS = int(env("SVARUT_TIMEOUT_SECONDS", "960"))
SVARUT_RETRY_MINUTES = int(env("SVARUT_RETRY_MINUTES", "10"))
SVARUT_POLL_MINUTES = int(env("SVARUT_POLL_MINUTES", "15"))
SVARUT_POLL_DAYS = int(env("SVARUT_POLL_DAYS", "30"))
MASKINPORTEN_TOKEN_URL = env("MASKINPORTEN_TOKEN_URL", "https://maskinporten.no/token")
MASKINPORTEN_AUDIENCE = env("MASKINPORTEN_AUDIENCE", "https://maskinporten.no/")
MASKINPORTEN_CLIENT_ID = env("MASKINPORTEN_CLIENT_ID", "")
MASKINPORTEN_SCOPE = env("MASKINPORTEN_SCOPE", "ks:fiks")
MASKINPORTEN_KEY_FILE = env("MASKINPORTEN_KEY_FILE", "")
MASKINPORTEN_KEY_PASSWORD = env_secret("MASKINPORTEN_KEY_PASSWORD") or ""
MASKINPORTEN_KEY_ID = env("MASKINPORTEN_KEY_ID", "")
MASKINPORTEN_CERTIFICATE_FILE = env("MASKINPORTEN_CERTIFICATE_FILE", "")
