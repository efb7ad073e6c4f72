"""The revocation list, kept as a stored bitstring and a stored signed credential.

A status change (cancel, revoke, replace) sets the certificate's bit and signs the list
again, in the status change's own transaction; issuing draws a free position at random
below the list's length, growing the list (to at least 16 positions per certificate ever
issued) when it fills. Nothing here scans the certificates; `rebuild` does, to repair.
"""

import hashlib
import json
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from certification.trust import statuslist as encoding
from conocer.core import clock

from ..models import Certificate, StatusList

SPREAD = 16  # positions per certificate: a draw rarely hits a taken one


def _sign(status: StatusList, bits: bytes) -> None:
    document = encoding.status_list_credential(issuer=settings.REGISTRY_ISSUER_URL,
                                               bits=bits, now=clock.now())
    status.bits, status.length = bytes(bits), len(bits) * 8
    status.document = json.dumps(document, ensure_ascii=False, indent=2)
    status.etag = hashlib.sha256(status.document.encode("utf-8")).hexdigest()[:32]
    status.updated_at = clock.now()


def current() -> StatusList:
    """The stored list, created (empty, signed) the first time it is needed."""
    status = StatusList.objects.filter(purpose="revocation").first()
    if status is None:
        with transaction.atomic():
            status, created = StatusList.objects.select_for_update().get_or_create(
                purpose="revocation", defaults={"bits": b"", "document": "", "etag": ""})
            if created or not status.document:
                _sign(status, bytes(encoding.MIN_BITS // 8))
                status.save()
    return status


def _locked() -> StatusList:
    current()
    return StatusList.objects.select_for_update().get(purpose="revocation")


def draw_index() -> int:
    """A free position in the list, at random, so positions reveal neither issuance order
    nor how many certificates exist."""
    status = current()
    highest = Certificate.objects.aggregate(highest=Max("pk"))["highest"] or 0
    if status.length < SPREAD * (highest + 1):
        with transaction.atomic():
            status = _locked()
            needed = SPREAD * (highest + 1)
            if status.length < needed:
                length = status.length
                while length < needed:
                    length *= 2
                _sign(status, bytes(status.bits) + bytes((length - status.length) // 8))
                status.save()
    while True:
        index = secrets.randbelow(status.length)
        if not Certificate.objects.filter(status_list_index=index).exists():
            return index


def mark_withdrawn(certificate: Certificate) -> None:
    """Set the certificate's bit and sign the list again (inside the status change's
    transaction: both commit or neither)."""
    status = _locked()
    bits = bytearray(status.bits)
    encoding.set_bit(bits, certificate.status_list_index)
    _sign(status, bytes(bits))
    status.save()


@transaction.atomic
def rebuild() -> StatusList:
    """Recompute the list from every certificate (a repair; not needed in normal work)."""
    status = _locked()
    bits = bytearray(status.length // 8)
    for index in Certificate.objects.exclude(status=Certificate.Status.VALID).values_list(
            "status_list_index", flat=True).iterator(chunk_size=5000):
        encoding.set_bit(bits, index)
    _sign(status, bytes(bits))
    status.save()
    return status
