"""Stored files as downloads. A file the registry's storage cannot give — gone after a
restore without its media or deleted by hand (404), or a storage that does not answer
(503) — is a page saying so in plain words and what the person can do, and an error in
the log naming the row (model, primary key, field), never a 500.

A certificate's PDF is never "gone": its views render it again from the frozen facts
first (`issuance.services.pdfs.store_certificate_pdf`); only a storage that cannot be
written leaves the person with a page asking them to try again later."""

import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import ServiceError

logger = logging.getLogger(__name__)


def _row(field_file) -> str:
    instance = field_file.instance
    return f"{instance._meta.label} {instance.pk} ({field_file.field.name})"


def unavailable(request, *, missing: bool, message: str = ""):
    """The page for a file the storage cannot give: 404 when it is gone, 503 when the
    storage failed (worth trying again)."""
    if missing:
        title = _("This file is no longer in the registry")
    else:
        title = _("This file cannot be read at this moment")
        message = message or _("The registry's file storage did not answer. Nothing was "
                               "lost: please try again in a few minutes.")
    return render(request, "core/file_unavailable.html",
                  {"title": title, "message": message, "retry": not missing},
                  status=404 if missing else 503)


def attachment(request, field_file, *, filename: str, content_type: str, gone: str,
               headers: dict | None = None):
    """A download of the stored file, or the page that says why there is none. `gone`
    tells the person what to do when the file is no longer stored (for an upload: ask for
    it to be sent again)."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        # Neither the path nor the error's text: a file's name may be a person's.
        logger.error("The stored file of %s is missing.", _row(field_file))
        return unavailable(request, missing=True, message=gone)
    except Exception as error:  # any storage failure: a bucket or a disk that refuses
        logger.error("The stored file of %s cannot be read (%s).", _row(field_file),
                     type(error).__name__)
        return unavailable(request, missing=False)
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=content_type)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# What a view's own checks raise (not found, not allowed, refused): never a storage fault.
REFUSALS = (Http404, DjangoPermissionDenied, ObjectDoesNotExist, ServiceError, ValidationError)


def certificate_pdf(request, render_pdf):
    """A certificate's PDF: `render_pdf()` checks who asks and returns the certificate with
    its PDF stored (rendered again from the frozen facts when the file is gone). A file
    gone between that and opening it is rendered once more. A storage that cannot be
    written or read (a disk, or a bucket whose client raises its own errors) is the
    try-again page; the refusals of `render_pdf` stay the view's."""
    for attempt in (1, 2):
        try:
            certificate = render_pdf()
        except REFUSALS:
            raise
        except Exception as error:  # any storage failure
            logger.error("The PDF for %s could not be stored (%s).", request.path,
                         type(error).__name__)
            return unavailable(request, missing=False)
        try:
            handle = certificate.pdf.open("rb")
        except FileNotFoundError:
            if attempt == 1:
                continue
            logger.error("The stored file of %s is missing.", _row(certificate.pdf))
            return unavailable(request, missing=False)
        except Exception as error:
            logger.error("The stored file of %s cannot be read (%s).", _row(certificate.pdf),
                         type(error).__name__)
            return unavailable(request, missing=False)
        return FileResponse(handle, as_attachment=True,
                            filename=f"certificado-{certificate.folio}.pdf",
                            content_type="application/pdf")
    raise AssertionError("unreachable")  # pragma: no cover
