from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("Competence standards")

    def ready(self):
        from . import tasks  # noqa: F401 (registers the tasks services ask for by name)
