"""The registry's Django settings: apps, middleware, database, files, API, keys, logs."""

import environ
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from conocer.settings.environment import BASE_DIR, PRODUCTION, VAR_DIR, env

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The registry's identity as an issuer: frozen into every certificate's claims at issuance
# (QR codes, credential ids, the did:web DID). It never comes from the request, and
# moving the servers (SITE_URL) does not change it. Production must set it (https).
if PRODUCTION:
    REGISTRY_ISSUER_URL = env.str("REGISTRY_ISSUER_URL").rstrip("/")
    if not REGISTRY_ISSUER_URL.startswith("https://"):
        raise environ.ImproperlyConfigured("REGISTRY_ISSUER_URL must be an https:// address.")
else:
    REGISTRY_ISSUER_URL = env.str("REGISTRY_ISSUER_URL", default=SITE_URL).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "conocer.core",
    "conocer.accounts",
    "conocer",
    "standards",
    "bodies",
    "certification.trust",
    "certification.assessment",
    "certification.issuance",
    "certification.verification",
    "certification.holders",
    "certification.recognition",
    "certification.dashboards",
    "certification.statistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (see below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database down: a 503 page instead of a 500, for everything below (conocer/core).
    "conocer.core.outages.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "conocer.core.middleware.RefuseNulCharactersMiddleware",  # a NUL in input: 400
    # Staff sessions: idle and absolute expiry, then the second factor (conocer/accounts/).
    "conocer.accounts.middleware.SessionLimitsMiddleware",
    "conocer.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for repeated failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conocer.urls"
WSGI_APPLICATION = "conocer.wsgi.application"

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
                "conocer.context_processors.navigation",
                "conocer.accounts.context_processors.session_limits",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'registry.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
# A persistent connection broken by an outage is checked and replaced at the next request,
# and an unreachable server costs a request seconds, not minutes (docs/operations.md).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
# A read replica for the public read-only pages (conocer/routers.py, docs/scaling.md). In
# tests it mirrors the primary (the same test database through a second connection).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {**DATABASES["default"],
                            "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
                            **env.db("DATABASE_REPLICA_URL"), "TEST": {"MIRROR": "default"}}
READ_REPLICA = "replica" if "replica" in DATABASES else ""
DATABASE_ROUTERS = ["conocer.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"  # staff land on their work (conocer/dashboard.py)
LOGOUT_REDIRECT_URL = "home"

# Spanish is the registry's language; English is offered through the switcher.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Media goes to local disk unless an S3-compatible bucket is configured.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    MEDIA_BACKEND = "storages.backends.s3.S3Storage"
else:
    MEDIA_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": MEDIA_BACKEND},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps serve only developer tools; compressing them was over half the image's build.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Public statistics (docs/statistics.md): a count of people below this is not shown
# where it could point at someone (breakdowns of people; any narrowed breakdown).
STATISTICS_MIN_COUNT = env.int("STATISTICS_MIN_COUNT", default=5)
# Uploaded import files hold CURPs and names: each is deleted (with the cells its problems
# quote) this many days after its job was last touched; the job's counts stay.
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=90)
# A file up to this size is checked in the upload's request (20,000 rows take about 4 s);
# a larger one by a task, its page showing the progress (conocer/core/imports.py).
IMPORT_INLINE_CHECK_BYTES = env.int("IMPORT_INLINE_CHECK_BYTES", default=2_000_000)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JSON only: DRF's browsable pages carry inline styles the CSP refuses (see /api/v1/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Basic auth counts failures and refuses locked-out or two-factor accounts (accounts/).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "conocer.accounts.api.LockoutAwareBasicAuthentication",
    ],
    # Services' refusals become JSON errors in one place (conocer/core/api.py).
    "EXCEPTION_HANDLER": "conocer.core.api.exception_handler",
    # Abuse limits per client address (conocer/core/throttling.py); e.g. "60/min".
    "DEFAULT_THROTTLE_CLASSES": ["conocer.core.throttling.ApiAnonThrottle",
                                 "conocer.core.throttling.ApiUserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "verify": env.str("VERIFY_RATE", default="60/min"),
        # 404s to a folio; once spent, every lookup by folio waits (legacy D- folios).
        "folio_not_found": env.str("FOLIO_NOT_FOUND_RATE", default="10/min"),
        "folio_not_found_daily": env.str("FOLIO_NOT_FOUND_DAILY_RATE", default="100/day"),
        "holder_lookup": env.str("HOLDER_LOOKUP_RATE", default="10/min"),
        "document_check": env.str("DOCUMENT_CHECK_RATE", default="20/min"),
        "status_list": env.str("STATUS_LIST_RATE", default="120/min"),
        "export": env.str("EXPORT_RATE", default="10/min"),
        # Staff CSV of certificates (/certificados/exportar/): every row of a search.
        "certificate_export": env.str("CERTIFICATE_EXPORT_RATE", default="5/min"),
        "api_anon": env.str("API_ANON_RATE", default="120/min"),
        "api_user": env.str("API_USER_RATE", default="600/min"),
        "login": env.str("LOGIN_RATE", default="20/min"),
        # "Notify me when this standard changes" (each one sends an e-mail).
        "standard_subscribe": env.str("STANDARD_SUBSCRIBE_RATE", default="10/hour"),
        # The holder's space (docs/holders.md): sign-in forms' POSTs, e-mail confirmations,
        # and share links opened by whoever holds one.
        "holder_sign_in": env.str("HOLDER_SIGN_IN_RATE", default="10/min"),
        "holder_confirm": env.str("HOLDER_CONFIRM_RATE", default="10/min"),
        "holder_share": env.str("HOLDER_SHARE_RATE", default="60/min"),
        # Recognition of foreign certificates: requests sent, and tracking by reference
        # and birth date (its budget is what keeps references from being guessed).
        "recognition_apply": env.str("RECOGNITION_APPLY_RATE", default="10/hour"),
        "recognition_track": env.str("RECOGNITION_TRACK_RATE", default="10/min"),
    },
    # Trusted reverse proxies in front of the registry (X-Forwarded-For hops to skip).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

# Rate-limit counters, shared by every worker: Redis (CACHE_URL), else the database (the
# RateCounter table, counted in one statement by core/counters.py; the cache table is
# made by migrate). Unreachable: see core/throttling.py.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://registry_cache")}
_cache = CACHES["default"]
if _cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    _cache["OPTIONS"] = {"MAX_ENTRIES": 100_000, **_cache.get("OPTIONS", {})}  # no culling
elif _cache["BACKEND"].endswith(".RedisCache"):  # a stopped Redis costs a request <= 0.5 s
    _cache["OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5,
                         **_cache.get("OPTIONS", {})}
if PRODUCTION and _cache["BACKEND"].endswith((".LocMemCache", ".DummyCache")):
    raise environ.ImproperlyConfigured(
        "CACHE_URL points to a cache of each process: every worker would keep its own "
        "rate-limit counters, multiplying the limits. Set CACHE_URL to Redis "
        "(redis://host:6379/2) or unset it to use the database.")
SPECTACULAR_SETTINGS = {
    "TITLE": "Registro Nacional de Competencias — API",
    "DESCRIPTION": "Open API of CONOCER's national registry of certified work competences.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files: the registry works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    # No validator badge: it would fetch an image from outside (the CSP refuses it). No
    # deep links: Swagger UI puts them as links inside the operations' buttons, which
    # keyboards and screen readers cannot tell apart (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",  # and blank
                             "conocer.core.api.blank_or_formatted"],  # e-mails: anyOf
}

# Keys that sign credentials (Ed25519) and PDFs (X.509); see certification/trust/.
SIGNING_KEYS_DIR = env.str("SIGNING_KEYS_DIR", default=str(VAR_DIR / "keys"))
# The authority's X.509 key and certificates for PAdES signatures (production; in
# development the files in SIGNING_KEYS_DIR). A chain makes the signatures long-term
# (validation data embedded); a timestamp authority adds an RFC 3161 timestamp.
PDF_SIGNING_KEY = env.str("PDF_SIGNING_KEY", default="")
PDF_SIGNING_CERT = env.str("PDF_SIGNING_CERT", default="")
PDF_SIGNING_CHAIN = env.list("PDF_SIGNING_CHAIN", default=[])
PDF_TSA_URL = env.str("PDF_TSA_URL", default="")

# Backups (manage.py backup / restore, docs/operations.md): encrypted to these age public keys,
# opened by one holder's secret key file. Production refuses unencrypted backups.
BACKUP_DIR = env.str("BACKUP_DIR", default=str(VAR_DIR / "backups"))
BACKUP_RECIPIENTS = env.list("BACKUP_RECIPIENTS", default=[])
BACKUP_IDENTITY_FILE = env.str("BACKUP_IDENTITY_FILE", default="")

# E-mail through Django's backend, from EMAIL_URL (django-environ): the console in
# development, SMTP in production, e.g. smtp+tls://user:password@smtp.example.mx:587.
globals().update(env.email_url(
    "EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL",
                             default="Registro CONOCER <no-responder@conocer.gob.mx>")
# The holder's space (certification/holders, docs/holders.md): how long a sign-in link,
# a printed access code, an e-mail confirmation link and a holder's session last.
HOLDER_LINK_MINUTES = env.int("HOLDER_LINK_MINUTES", default=15)
HOLDER_ACCESS_CODE_DAYS = env.int("HOLDER_ACCESS_CODE_DAYS", default=30)
HOLDER_CONFIRMATION_HOURS = env.int("HOLDER_CONFIRMATION_HOURS", default=72)
HOLDER_SESSION_MINUTES = env.int("HOLDER_SESSION_MINUTES", default=30)

# The assessment standard every assessor must hold.
ASSESSOR_STANDARD_CODE = env.str("ASSESSOR_STANDARD_CODE", default="EC0076")
# The awarding body's service level: a certificate request waiting longer than this many
# working days (Monday to Friday) is highlighted in the reviewers' queue.
REVIEW_SERVICE_LEVEL_DAYS = env.int("REVIEW_SERVICE_LEVEL_DAYS", default=5)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
DOCUMENT_CHECK_MAX_BYTES = env.int("DOCUMENT_CHECK_MAX_BYTES", default=5 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_identities": {"()": "conocer.core.logging.RedactIdentities"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["redact_identities"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
