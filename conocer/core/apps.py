from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "conocer.core"
    label = "core"
    verbose_name = _("Registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import import_tasks  # noqa: F401 (registers the imports' tasks)
        from .roles import ensure_conocer_group

        # After each app's migrations (the permissions of apps migrated later exist only
        # then), so the group always holds its permissions.
        post_migrate.connect(ensure_conocer_group, dispatch_uid="conocer_group")
