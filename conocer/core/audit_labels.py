"""What the audit log's entries say to a person: one human label per action the code
records (`certificate.pdf_generated` → "PDF generated"), and a human rendering of each
event's data. Hashes and key ids are technical details, shown only on request.

Every action passed to `record_event` (and every noun passed to `save_audited`) must have
a label here: tests/core/test_audit_labels.py reads the code and fails when one has
none. Values are codes the apps store (statuses, verdicts, roles); their labels repeat the
apps' own msgids, so they translate alike without this ground floor importing an app."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    # Accounts
    "account.two_factor_enrolment_started": pgettext_lazy(
        "audit action", "Two-step verification setup started"),
    "account.two_factor_enrolled": pgettext_lazy("audit action", "Two-step verification turned on"),
    "account.recovery_code_used": pgettext_lazy("audit action", "Signed in with a recovery code"),
    "account.recovery_codes_regenerated": pgettext_lazy(
        "audit action", "New recovery codes generated"),
    "account.second_factor_removed": pgettext_lazy("audit action", "Two-step verification removed"),
    # Standards and their reference data
    "standard.drafted": pgettext_lazy("audit action", "Standard drafted"),
    "standard.edited": pgettext_lazy("audit action", "Standard edited"),
    "standard.version_drafted": pgettext_lazy("audit action", "New version drafted"),
    "standard.unit_saved": pgettext_lazy("audit action", "Unit of competence saved"),
    "standard.unit_deleted": pgettext_lazy("audit action", "Unit of competence deleted"),
    "standard.submit": pgettext_lazy("audit action", "Submitted to the lead body's board"),
    "standard.approve_lead_body": pgettext_lazy("audit action", "Approved by the lead body"),
    "standard.approve_conocer": pgettext_lazy("audit action", "Approved by CONOCER"),
    "standard.publish": pgettext_lazy("audit action", "Standard published"),
    "standard.return_to_draft": pgettext_lazy(
        "audit action", "Returned to the lead body for changes"),
    "standard.withdraw": pgettext_lazy("audit action", "Standard withdrawn"),
    "standard.superseded": pgettext_lazy("audit action", "Superseded by a new version"),
    "standard.expired": pgettext_lazy("audit action", "Standard expired"),
    "lead_body.registered": pgettext_lazy("audit action", "Lead body registered"),
    "lead_body.updated": pgettext_lazy("audit action", "Lead body updated"),
    "sector.registered": pgettext_lazy("audit action", "Sector registered"),
    "sector.updated": pgettext_lazy("audit action", "Sector updated"),
    "level_descriptor.registered": pgettext_lazy("audit action", "Competence level registered"),
    "level_descriptor.updated": pgettext_lazy("audit action", "Competence level updated"),
    # Awarding bodies, centres, assessors
    "awarding_body.registered": pgettext_lazy("audit action", "Awarding body registered"),
    "awarding_body.updated": pgettext_lazy("audit action", "Awarding body updated"),
    "centre.registered": pgettext_lazy("audit action", "Assessment centre registered"),
    "centre.updated": pgettext_lazy("audit action", "Assessment centre updated"),
    "assessor.registered": pgettext_lazy("audit action", "Assessor registered"),
    "assessor.updated": pgettext_lazy("audit action", "Assessor updated"),
    "accreditation.granted": pgettext_lazy("audit action", "Accreditation granted"),
    "accreditation.suspended": pgettext_lazy("audit action", "Accreditation suspended"),
    "accreditation.reinstated": pgettext_lazy("audit action", "Accreditation reinstated"),
    "accreditation.revoked": pgettext_lazy("audit action", "Accreditation revoked"),
    "accreditation.expired": pgettext_lazy("audit action", "Accreditation expired"),
    "accreditation.followed_version": pgettext_lazy(
        "audit action", "Accreditation carried over to an equivalent new version"),
    "membership.granted": pgettext_lazy("audit action", "Role granted"),
    "membership.revoked": pgettext_lazy("audit action", "Role removed"),
    # People and assessments
    "person.registered": pgettext_lazy("audit action", "Person registered"),
    "person.linked": pgettext_lazy("audit action", "Person found already registered"),
    "person.name_corrected": pgettext_lazy("audit action", "Name corrected"),
    "candidacy.registered": pgettext_lazy("audit action", "Candidate registered at the centre"),
    "candidacy.imported": pgettext_lazy("audit action", "Candidate registered from a file"),
    "assessment.started": pgettext_lazy("audit action", "Assessment started"),
    "assessment.evidence_added": pgettext_lazy("audit action", "Evidence added"),
    "assessment.evidence_removed": pgettext_lazy("audit action", "Evidence removed"),
    "assessment.submitted": pgettext_lazy("audit action", "Assessment submitted"),
    "assessment.reopened": pgettext_lazy("audit action", "Assessment returned to the assessor"),
    # Requests and certificates
    "request.submitted": pgettext_lazy("audit action", "Certificate requested"),
    "request.resubmitted": pgettext_lazy("audit action", "Certificate requested again"),
    "request.approved": pgettext_lazy("audit action", "Request approved"),
    "request.rejected": pgettext_lazy("audit action", "Request rejected"),
    "request.released": pgettext_lazy("audit action", "Request released"),
    "certificate.issued": pgettext_lazy("audit action", "Certificate issued"),
    "certificate.imported": pgettext_lazy(
        "audit action", "Certificate brought from the previous registry"),
    "certificate.pdf_generated": pgettext_lazy("audit action", "PDF generated"),
    "certificate.cancelled": pgettext_lazy("audit action", "Certificate cancelled"),
    "certificate.revoked": pgettext_lazy("audit action", "Certificate revoked"),
    "certificate.replaced": pgettext_lazy("audit action",
                                          "Certificate replaced by a corrected one"),
    "qualification_review.flagged": pgettext_lazy(
        "audit action", "Qualification certificate flagged for review"),
    "qualification_review.decided": pgettext_lazy(
        "audit action", "Review of the qualification certificate decided"),
    # The holder's own space (certification/holders)
    "person.email_changed": pgettext_lazy("audit action", "E-mail address changed"),
    "person.registry_choice_changed": pgettext_lazy(
        "audit action", "Choice about the public registry (RENAP) changed"),
    "holder.sign_in_link_requested": pgettext_lazy("audit action", "Sign-in link requested"),
    "holder.signed_in": pgettext_lazy("audit action", "Holder signed in"),
    "holder.signed_out": pgettext_lazy("audit action", "Holder signed out"),
    "holder.email_confirmed": pgettext_lazy("audit action", "E-mail address confirmed"),
    "holder.email_confirmation_failed": pgettext_lazy(
        "audit action", "E-mail confirmation refused: wrong identity"),
    "holder.access_code_issued": pgettext_lazy("audit action", "Access code printed"),
    "holder.access_code_failed": pgettext_lazy("audit action", "Wrong access code typed"),
    "holder.pdf_downloaded": pgettext_lazy("audit action", "PDF downloaded by the holder"),
    "holder.credential_downloaded": pgettext_lazy(
        "audit action", "Credential downloaded by the holder"),
    "holder.linkedin_opened": pgettext_lazy("audit action", "Added to LinkedIn by the holder"),
    "holder.share_link_created": pgettext_lazy("audit action", "Share link created"),
    "holder.share_link_revoked": pgettext_lazy("audit action", "Share link ended"),
    # Corrections, notices and reminders (issuance, standards/subscriptions.py)
    "correction.requested": pgettext_lazy("audit action", "Correction requested by the holder"),
    "correction.reissued": pgettext_lazy("audit action",
                                         "Correction accepted: certificate reissued"),
    "correction.refused": pgettext_lazy("audit action", "Correction refused"),
    "person.identity_corrected": pgettext_lazy("audit action",
                                               "Identity document or birth date corrected"),
    "holder.notices_turned_on": pgettext_lazy("audit action", "Notices turned on by the holder"),
    "holder.notices_turned_off": pgettext_lazy("audit action",
                                               "Notices turned off by the holder"),
    "certificate.renewal_reminder_sent": pgettext_lazy("audit action",
                                                       "Renewal reminder sent"),
    "standard.subscription_requested": pgettext_lazy("audit action",
                                                     "Notices asked for by e-mail"),
    "standard.subscription_repeated": pgettext_lazy("audit action",
                                                    "Notices asked for again"),
    "standard.subscription_confirmed": pgettext_lazy("audit action", "Notices confirmed"),
    "standard.unsubscribed": pgettext_lazy("audit action", "Notices stopped"),
    "standard.notice_sent": pgettext_lazy("audit action", "Notice sent to subscribers"),
    # Recognition of foreign certificates (certification/recognition)
    "recognition.system_registered": pgettext_lazy("audit action",
                                                   "Foreign certification system registered"),
    "recognition.system_updated": pgettext_lazy("audit action",
                                                "Foreign certification system updated"),
    "recognition.equivalence_registered": pgettext_lazy("audit action",
                                                        "Equivalence registered"),
    "recognition.equivalence_updated": pgettext_lazy("audit action", "Equivalence updated"),
    "recognition.submitted": pgettext_lazy("audit action", "Recognition requested"),
    "recognition.recognised": pgettext_lazy("audit action", "Foreign certificate recognised"),
    "recognition.partially_recognised": pgettext_lazy(
        "audit action", "Foreign certificate partly recognised: remaining units to assess"),
    "recognition.rejected": pgettext_lazy("audit action", "Foreign certificate not recognised"),
    # Imports of CSV files (conocer/core/imports.py)
    "import.received": pgettext_lazy("audit action", "File received for import"),
    "import.checked": pgettext_lazy("audit action", "File checked for import"),
    "import.started": pgettext_lazy("audit action", "Import started"),
    "import.resumed": pgettext_lazy("audit action", "Import resumed"),
    "import.stopped": pgettext_lazy("audit action", "Import stopped"),
    "import.finished": pgettext_lazy("audit action", "Import finished"),
    "import.file_deleted": pgettext_lazy("audit action", "Imported file deleted (retention)"),
    # Search
    "search_synonym.registered": pgettext_lazy("audit action", "Search synonym added"),
    "search_synonym.updated": pgettext_lazy("audit action", "Search synonym updated"),
    "search_synonym.deleted": pgettext_lazy("audit action", "Search synonym deleted"),
    # The framework around the catalogue (standards/framework.py)
    "education_level_mapping.saved": pgettext_lazy(
        "audit action", "Correspondence of a level with an education level saved"),
    "education_level_mapping.deleted": pgettext_lazy(
        "audit action", "Correspondence of a level with an education level removed"),
    "occupation.registered": pgettext_lazy("audit action", "SINCO occupation added"),
    "occupation.updated": pgettext_lazy("audit action", "SINCO occupation updated"),
    # Statistics (certification/statistics)
    "statistics.repaired": pgettext_lazy("audit action",
                                         "Statistics recounted and corrected"),
}

# The names of the data an event carries, as a person reads them.
DATA_LABELS = {
    "reason": _("Reason"),
    "verdict": _("Verdict"),
    "folio": _("Folio"),
    "standard": _("Standard"),
    "supersedes": _("Replaces"),
    "by": _("Replaced by"),
    "replaces": _("Replaces"),
    "from": pgettext_lazy("status change", "From"),
    "to": pgettext_lazy("status change", "To"),
    "holder": _("Holder"),
    "valid_until": _("Valid until"),
    "dof_published_on": _("Published in the DOF on"),
    "unit": _("Unit"),
    "criteria": _("Criteria"),
    "fields": _("Changed fields"),
    "file": _("File"),
    "identity": _("Identified by"),
    "centre": _("Assessment centre"),
    "awarding_body": _("Awarding body"),
    "body": _("Body"),
    "user": _("User"),
    "role": _("Role"),
    "kind": _("Kind"),
    "source": _("Source"),
    "previously_rejected_for": _("Previously rejected because"),
    "standard_problem": _("Problem with the standard"),
    "linked": _("Already registered"),
    "linked_existing_person": _("Already registered"),
    "typed_name_matches": _("Typed name matches the record"),
    "contact_filled": _("Contact details added"),
    "recovery_codes": pgettext_lazy("second factor", "Recovery codes"),
    "recovery_codes_left": _("Recovery codes left"),
    "equivalent": _("Equivalent"),
    "transition_until": _("Transition period ends on"),
    "follows": _("Carried over from"),
    "units": _("Unit certificates"),
    "completed_by": _("Completed by"),
    "review": _("Review"),
    "outcome": _("Outcome"),
    "note": _("Note"),
    "rows": _("Rows"),
    "ready": _("Rows to import"),
    "skipped": _("Rows already in the registry"),
    "refused": _("Rows refused"),
    "imported": _("Rows imported"),
    "passed": _("Rows left as they were"),
    "failed": _("Rows not imported"),
    "at_row": _("Stopped after row"),
    "job": _("Import of a file"),
    "line": _("Line of the file"),
}

# The fields an edit names ("fields"), with their models' verbose names.
FIELD_LABELS = {
    "code": _("code"),
    "legacy_code": _("legacy NTCL code"),
    "title": _("title"),
    "purpose": _("purpose"),
    "level": _("level"),
    "sector": _("sector"),
    "generation": _("generation"),
    "assessment_instrument": _("assessment instrument"),
    "fee": _("certification fee (MXN)"),
    "given_names": _("given names"),
    "first_surname": _("first surname"),
    "second_surname": _("second surname"),
}

# Data only a specialist needs (fingerprints, key ids): shown under "Technical details".
TECHNICAL_DATA = {"sha256": "SHA-256", "key_id": _("Key id"), "kid": _("Key id"),
                  "pdf_sha256": "SHA-256"}

# Codes stored as values (statuses, verdicts, roles, kinds), as a person reads them.
VALUE_LABELS = {
    "draft": _("Draft"),
    "submitted": _("Submitted"),
    "lead_body_approved": _("Approved by the lead body"),
    "approved": _("Approved"),
    "published": _("Published"),
    "expired": _("Expired"),
    "superseded": _("Superseded by a new version"),
    "withdrawn": _("Withdrawn"),
    "active": _("Active"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
    "rejected": _("Rejected"),
    "valid": _("Valid"),
    "cancelled": _("Cancelled"),
    "replaced": _("Replaced"),
    "competent": _("Competent"),
    "not_yet_competent": _("Not yet competent"),
    "administrator": _("Administrator"),
    "reviewer": _("Reviewer"),
    "assessor": _("Assessor"),
    "verifier": _("Verifier"),
    "member": _("Committee member"),
    "curp": "CURP",
    "document": _("Identity document"),
    "authenticator": _("Authenticator app"),
    "recovery codes": pgettext_lazy("second factor", "Recovery codes"),
    "ECE": _("Certification and assessment entity (ECE)"),
    "OC": _("Certifying body (OC)"),
    "pending": _("Awaiting review"),
    "kept": _("Kept"),
}


def action_label(action: str) -> str:
    """The action as a person reads it; an action without a label (a test keeps there
    being none) reads as its words rather than its code."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    return action.rpartition(".")[2].replace("_", " ").capitalize()


def _value(value, labels=VALUE_LABELS) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(_value(item, labels) for item in value)
    if value is None:
        return "—"
    text = str(value)
    label = labels.get(text)
    return str(label) if label is not None else text.replace("_", " ")


def event_details(data: dict) -> list[tuple[str, str]]:
    """The event's data a person reads, as (label, value) pairs; empty values left out."""
    return [(str(DATA_LABELS.get(key, key.replace("_", " ").capitalize())),
             _value(value, FIELD_LABELS if key == "fields" else VALUE_LABELS))
            for key, value in (data or {}).items()
            if key not in TECHNICAL_DATA and value not in ("", None, [])]


def event_technical_details(data: dict) -> list[tuple[str, str]]:
    """Fingerprints and key ids the event carries, for the "Technical details" disclosure."""
    return [(str(TECHNICAL_DATA[key]), str(value)) for key, value in (data or {}).items()
            if key in TECHNICAL_DATA and value]
