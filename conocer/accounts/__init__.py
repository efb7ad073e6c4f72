"""Staff accounts: lockout after repeated failed sign-ins (django-axes), two factors
(django-otp: an authenticator app and one-time recovery codes), and the limits of a
signed-in session (idle and absolute expiry)."""
