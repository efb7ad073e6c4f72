"""Share links: the holder gives someone a link to one certificate, for 7, 30 or 90
days, and can revoke it at any time. Whoever opens it sees the holder's full name,
unmasked, and the certificate's live status. Only the link's hash is stored, so its
address is shown once, when it is made."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from certification.assessment.models import Person
from certification.issuance.models import Certificate
from conocer.core import clock
from conocer.core.audit import record_event
from conocer.core.errors import ServiceError

from .. import selectors, tokens
from ..models import ShareLink
from .signin import VIA


@transaction.atomic
def create_share_link(*, person: Person, folio: str, days: int) -> tuple[ShareLink, str]:
    """A new share link to one of the person's valid certificates; returns it and its
    token (shown once)."""
    if days not in ShareLink.Days.values:
        raise ValidationError({"days": _("Choose 7, 30 or 90 days.")})
    certificate = selectors.own_certificate(person, folio)
    if certificate is None:
        raise Http404
    if certificate.status != Certificate.Status.VALID:
        raise ServiceError(_("Only a valid certificate can be shared."))
    token, hashed = tokens.new_token()
    link = ShareLink.objects.create(
        person=person, certificate=certificate, token_hash=hashed, days=days,
        expires_at=clock.now() + datetime.timedelta(days=days))
    record_event(actor=None, action="holder.share_link_created", target=certificate,
                 via=VIA, days=days, link=link.pk)
    return link, token


@transaction.atomic
def revoke_share_link(*, person: Person, link_id: int) -> ShareLink:
    """End a share link of the person's at once (someone else's is not found)."""
    link = ShareLink.objects.select_for_update().select_related("certificate").filter(
        pk=link_id, person=person).first()
    if link is None:
        raise Http404
    if link.revoked_at is None:
        link.revoked_at = clock.now()
        link.save(update_fields=["revoked_at"])
        record_event(actor=None, action="holder.share_link_revoked",
                     target=link.certificate, via=VIA, link=link.pk)
    return link


def open_share_link(token: str) -> ShareLink | None:
    """The link, while it is neither expired nor revoked; None otherwise."""
    if not tokens.looks_like_token(token):
        return None
    return ShareLink.objects.select_related(
        "certificate__holder", "certificate__replaced_by", "certificate__standard").filter(
        token_hash=tokens.token_hash(token), revoked_at__isnull=True,
        expires_at__gt=clock.now()).first()
