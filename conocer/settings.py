"""Settings for the registry, read from the environment (django-environ).

Embedded default (no variables set): SQLite under var/, Celery tasks run eagerly
in-process, media on local disk. Production: set DJANGO_ENV=production plus
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS (and S3 variables).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

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
    "conocer.core",
    "conocer",
    "standards",
    "bodies",
    "certification.trust",
    "certification.assessment",
    "certification.issuance",
    "certification.verification",
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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'registry.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
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

# Celery. Without a broker, tasks run eagerly in-process (embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks (run by `celery beat`); each is idempotent and safe to run late.
CELERY_BEAT_SCHEDULE = {
    "expire-standards": {
        "task": "standards.expire_standards",
        "schedule": crontab(hour=0, minute=15),
    },
    "expire-accreditations": {
        "task": "bodies.expire_accreditations",
        "schedule": crontab(hour=0, minute=20),
    },
    "ensure-certificate-pdfs": {
        "task": "issuance.ensure_certificate_pdfs",
        "schedule": crontab(minute=7),
    },
    "refresh-standard-usage": {
        "task": "issuance.refresh_standard_usage",
        "schedule": crontab(hour=1, minute=30),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Services' refusals become JSON errors in one place (conocer/core/api.py).
    "EXCEPTION_HANDLER": "conocer.core.api.exception_handler",
    # Abuse limits per client address (conocer/core/throttling.py); e.g. "60/min".
    "DEFAULT_THROTTLE_RATES": {
        "verify": env.str("VERIFY_RATE", default="60/min"),
        "holder_lookup": env.str("HOLDER_LOOKUP_RATE", default="10/min"),
        "document_check": env.str("DOCUMENT_CHECK_RATE", default="20/min"),
        "status_list": env.str("STATUS_LIST_RATE", default="120/min"),
    },
    # Trusted reverse proxies in front of the registry (X-Forwarded-For hops to skip).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

# The cache holds rate-limit counters: shared (Redis) in production.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://registry")}
SPECTACULAR_SETTINGS = {
    "TITLE": "Registro Nacional de Competencias — API",
    "DESCRIPTION": "Open API of CONOCER's national registry of certified work competences.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files: the registry works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
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

# The assessment standard every assessor must hold.
ASSESSOR_STANDARD_CODE = env.str("ASSESSOR_STANDARD_CODE", default="EC0076")
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

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The container health check speaks plain HTTP inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
