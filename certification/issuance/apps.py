from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuanceConfig(AppConfig):
    name = "certification.issuance"
    label = "issuance"
    verbose_name = _("Certificates")

    def ready(self):
        from bodies import hooks as bodies_hooks
        from certification.assessment import hooks as assessment_hooks
        from standards import hooks as standards_hooks

        from . import checks, hooks, selectors, tasks  # noqa: F401 (registers checks and tasks)
        from .services.notifications import holder_notice_recipients
        from .services.qualifications import on_certificate_change
        from .services.requests import request_after_submission

        # What only issuance knows, answered to the apps below it.
        bodies_hooks.eligibility_checks.append(selectors.missing_certificates_for_assessor)
        assessment_hooks.start_refusals.append(selectors.already_certified)
        assessment_hooks.assessment_submitted.append(request_after_submission)
        assessment_hooks.assessment_outcomes.append(selectors.request_outcomes)
        standards_hooks.standard_notice_recipients.append(holder_notice_recipients)
        # Qualification certificates: issued when the last unit is, reviewed when a unit
        # certificate is withdrawn (services/qualifications.py).
        hooks.certificate_changes.append(on_certificate_change)
