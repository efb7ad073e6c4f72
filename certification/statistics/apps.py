from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "certification.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self):
        from certification.assessment import hooks as assessment_hooks
        from certification.issuance import hooks as issuance_hooks

        from . import tasks  # noqa: F401 (registers the tasks)
        from .services import count_certificate, count_reopened, count_verdict

        # The summary tables change in the transaction of every certificate change and
        # of every verdict, so their figures stay exact (repaired nightly all the same).
        issuance_hooks.certificate_changes.append(count_certificate)
        assessment_hooks.assessment_submitted.append(count_verdict)
        assessment_hooks.assessment_reopened.append(count_reopened)
