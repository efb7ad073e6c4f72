from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConocerConfig(AppConfig):
    name = "conocer"
    verbose_name = _("Registry")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
