from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "certification.assessment"
    label = "assessment"
    verbose_name = _("Candidates and assessments")

    def ready(self):
        from . import tasks  # noqa: F401 (registers the tasks)
