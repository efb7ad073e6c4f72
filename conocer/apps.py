from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConocerConfig(AppConfig):
    name = "conocer"
    verbose_name = _("Registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .roles import ensure_conocer_group

        # After every migrate, so the group follows new permissions.
        post_migrate.connect(ensure_conocer_group, sender=self)
