"""Evidence files: what we accept, judged by content (magic numbers), not by name."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Detected type → extensions a person may have given the file.
ACCEPTED = {
    "application/pdf": {"pdf"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/webp": {"webp"},
    "application/msword": {"doc"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.ms-powerpoint": {"ppt"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
}


def inspect_upload(uploaded) -> tuple[str, str]:
    """Check size and real type of an uploaded file; return (content_type, sha256).

    Raises ValidationError with a message that says what is wrong.
    """
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; evidence files can be at most %(limit)s MB.") % {
                "name": uploaded.name, "size": round(uploaded.size / 1_048_576, 1),
                "limit": round(limit / 1_048_576, 1)}, code="too_big")
    if uploaded.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": uploaded.name}, code="empty")
    uploaded.seek(0)
    head = uploaded.read(8192)
    kind = filetype.guess(head)
    if kind is not None and kind.mime == "application/zip":
        uploaded.seek(0)
        kind = filetype.guess(uploaded.read())  # office files need the zip's directory
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if kind is None or kind.mime not in ACCEPTED:
        raise ValidationError(
            _("%(name)s is not a PDF, an image (JPEG, PNG, WebP) or an office document; its "
              "content was checked, not only its name.") % {"name": uploaded.name},
            code="bad_type")
    if extension not in ACCEPTED[kind.mime]:
        raise ValidationError(
            _("%(name)s is named .%(ext)s but its content is %(real)s; rename it or upload "
              "the right file.") % {"name": uploaded.name, "ext": extension,
                                    "real": kind.extension.upper()}, code="name_mismatch")
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return kind.mime, digest.hexdigest()
