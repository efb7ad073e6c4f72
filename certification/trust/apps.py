from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    """No models: installed for its management commands (keys, offline verification)."""

    name = "certification.trust"
    label = "trust"
    verbose_name = _("Signatures and credentials")
