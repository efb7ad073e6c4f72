"""Staff accounts (passwords, lockout, two factors, session limits) and the security headers."""

import datetime

from csp.constants import NONE, SELF

from conocer.settings.environment import PRODUCTION, env

# Staff accounts (conocer/accounts/). Argon2 first; older hashes upgrade at the next login.
PASSWORD_HASHERS = [f"django.contrib.auth.hashers.{name}PasswordHasher"
                    for name in ("Argon2", "PBKDF2", "PBKDF2SHA1", "Scrypt")]
# django-axes: LOGIN_FAILURE_LIMIT failures for a username or from an address pause signing
# in (site, admin, API basic auth) for LOGIN_COOLOFF_MINUTES; `axes_reset_username` unlocks.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "conocer.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "conocer.accounts.lockout.client_address"
AXES_USERNAME_CALLABLE = "conocer.accounts.lockout.client_username"
AXES_SENSITIVE_PARAMETERS, AXES_VERBOSE = ["password"], False
# Two factors (TOTP + recovery codes) required, by default in production only, for CONOCER
# admins, awarding bodies' reviewers and administrators and admin users (accounts/policy.py).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER, OTP_ADMIN_HIDE_SENSITIVE_DATA = "CONOCER", True  # no secrets in the admin
# A signed-in session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
# after signing in whatever happens.
SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_LIMIT = datetime.timedelta(hours=env.int("SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIMIT.total_seconds())

# Content-Security-Policy (django-csp) on every response: scripts and styles only from our
# static files (no inline code, no style attributes, no eval); images also as data: URIs
# (the CSS framework's icons). CSP_REPORT_ONLY=true has browsers report instead of refuse
# while an operator tries a change; CSP_REPORT_URI collects the reports.
_csp = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "font-src": [SELF],
    "img-src": [SELF, "data:"], "connect-src": [SELF], "object-src": [NONE],
    "base-uri": [SELF], "form-action": [SELF], "frame-ancestors": [NONE],
    "upgrade-insecure-requests": PRODUCTION, "report-uri": env.str("CSP_REPORT_URI", default=None)}}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp
# Permissions-Policy (django-permissions-policy): no page uses these, so none may ask.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "magnetometer", "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking")}

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
