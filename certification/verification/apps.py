from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "certification.verification"
    label = "verification"
    verbose_name = _("Public verification")

    def ready(self):
        from django.db.models.signals import post_save

        from certification.assessment.models import Person
        from certification.issuance.models import Certificate

        from . import answers

        # Kept answers (answers.py) are forgotten when what they show changes: a folio
        # issued (it was "not in the registry"), any change of a certificate (status,
        # reissue, its PDF's hash), and the holder's RENAP choice (whether the PDF link
        # shows).
        def certificate_saved(sender, instance, **kwargs):
            answers.forget(instance.folio)

        def person_saved(sender, instance, created, update_fields=None, **kwargs):
            if created or (update_fields is not None
                           and "public_registry_opt_in" not in update_fields):
                return
            answers.forget(*Certificate.objects.filter(holder=instance).order_by()
                           .values_list("folio", flat=True))

        post_save.connect(certificate_saved, sender=Certificate,
                          dispatch_uid="verification_forget_certificate")
        post_save.connect(person_saved, sender=Person,
                          dispatch_uid="verification_forget_holder")
