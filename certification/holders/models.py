"""What the holder's space keeps: one-time sign-in links, printed access codes, e-mail
confirmations and share links. Every secret is random and stored only as its SHA-256
(an access code, short enough to type, as an HMAC keyed by SECRET_KEY): whoever reads
the database cannot sign in, confirm an address nor open a share link."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.assessment.models import Person
from certification.issuance.models import Certificate
from conocer.core import clock


class SignInLink(models.Model):
    """A link e-mailed to a person's confirmed address: good once, for minutes."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self):
        return f"{self.person} · {self.created_at:%Y-%m-%d %H:%M}"


class AccessCode(models.Model):
    """A code the centre prints for a person without e-mail: they sign in with it and
    their CURP or document number, once, within days. A new code ends the previous one;
    too many wrong codes end it too."""

    MAX_FAILURES = 5

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("wrong codes typed"), default=0)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")

    def __str__(self):
        return f"{self.person} · {self.created_at:%Y-%m-%d}"


class EmailConfirmation(models.Model):
    """The person's proof that an address is theirs: the link sent to it, opened by
    someone who also types the person's CURP or document number. Sign-in links go only
    to an address confirmed this way (the current one: a new address needs its own)."""

    MAX_FAILURES = 5

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    email = models.EmailField(_("email"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("wrong identities typed"), default=0)

    class Meta:
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")
        indexes = [models.Index(fields=["person", "confirmed_at"])]

    def __str__(self):
        return f"{self.person} · {self.created_at:%Y-%m-%d}"


class ShareLink(models.Model):
    """A time-limited link to one certificate that the holder gives to someone (an
    employer): it shows the holder's full name, unmasked, and the live status."""

    class Days(models.IntegerChoices):
        WEEK = 7, _("7 days")
        MONTH = 30, _("30 days")
        QUARTER = 90, _("90 days")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    certificate = models.ForeignKey(Certificate, verbose_name=_("certificate"),
                                    on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    days = models.PositiveSmallIntegerField(_("valid for"), choices=Days.choices)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(days__in=[7, 30, 90]),
                                   name="share_link_lasts_7_30_or_90_days"),
        ]

    def __str__(self):
        return f"{self.certificate.folio} · {self.created_at:%Y-%m-%d}"
