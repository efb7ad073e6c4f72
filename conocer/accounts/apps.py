from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "conocer.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in

        # django-otp's apps are named after their labels ("Otp_Totp") in every language.
        apps.get_app_config("otp_totp").verbose_name = _("Authenticator apps")
        apps.get_app_config("otp_static").verbose_name = pgettext_lazy("second factor",
                                                                     "Recovery codes")

        from .sessions import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="accounts.session_clock")
