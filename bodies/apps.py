from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "bodies"
    verbose_name = _("Bodies and accreditation")

    def ready(self):
        from standards import hooks

        from .permissions import lead_body_roles
        from .scopes import follow_equivalent_version
        from .sections import where_to_certify

        hooks.lead_body_roles.append(lead_body_roles)
        hooks.standard_page_sections.append(where_to_certify)
        hooks.version_published.append(follow_equivalent_version)
