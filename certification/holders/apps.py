from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoldersConfig(AppConfig):
    name = "certification.holders"
    label = "holders"
    verbose_name = _("Holders' space")

    def ready(self):
        from certification.assessment import hooks as assessment_hooks

        from . import tasks  # noqa: F401 (registers the tasks)
        from .services.signin import confirm_new_address
        from .views.staff import candidacy_links

        # A centre that records a person's new e-mail address: the person confirms it.
        assessment_hooks.email_changed.append(confirm_new_address)
        # The centre's candidates list links to the page that keeps that access.
        assessment_hooks.candidacy_links.append(candidacy_links)
