from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "certification.recognition"
    label = "recognition"
    verbose_name = _("Recognition of foreign certificates")

    def ready(self):
        from certification.issuance import hooks

        from .selectors import recognition_of_assessment

        hooks.recognitions.append(recognition_of_assessment)
