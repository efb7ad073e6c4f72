from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConocerConfig(AppConfig):
    """The project's wiring (settings, urls, the demo loader); no models of its own."""

    name = "conocer"
    verbose_name = _("Registry")
