"""The Open Badges 3.0 credential of a certificate (an `OpenBadgeCredential`, W3C
Verifiable Credentials Data Model v2.0), built from its frozen claims and secured with a
proof set (`eddsa-rdfc-2022` and `eddsa-jcs-2022`, see dataintegrity.py).

What it says, beyond the achievement (the competence standard, aligned with its page in
the registry and its SCIAN sector):

* the issuer is CONOCER, `did:web` of the issuer URL frozen in the claims;
* `credentialSubject.source` is the awarding body that assessed and certified, with
  the cédula (folio and validity) by which CONOCER had accredited it for the standard;
* the subject is an opaque `urn:uuid` per certificate; their identity number appears
  only as a SHA-256 hash salted with a secret of 128 bits that only the holder receives,
  so nobody can test CURPs against it; the name is in the credential's description.
"""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from . import dataintegrity, signing
from .claims import Claims, status_list_url
from .did import issuer_did

CREDENTIAL_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = ("Consejo Nacional de Normalización y Certificación de Competencias Laborales "
               "(CONOCER)")
LOCAL_TIME_ZONE = ZoneInfo("America/Mexico_City")
RENEC = "Registro Nacional de Estándares de Competencia (RENEC)"
SCIAN = "Sistema de Clasificación Industrial de América del Norte (SCIAN México)"
SCIAN_URL = "https://www.inegi.org.mx/app/scian/"


def identity_hash(claims: Claims, salt: str) -> str:
    """OB 3.0 IdentityHash: `sha256$` + hex SHA-256 of the identity number then the salt."""
    return "sha256$" + hashlib.sha256((claims.holder_id_number + salt).encode("utf-8")
                                      ).hexdigest()


def _valid_from(issued_on: datetime.date) -> str:
    return datetime.datetime.combine(issued_on, datetime.time(0),
                                     tzinfo=LOCAL_TIME_ZONE).isoformat()


def _valid_until(last_day: datetime.date) -> str:
    """The end of the last valid day, Mexico City time."""
    return datetime.datetime.combine(last_day, datetime.time(23, 59, 59),
                                     tzinfo=LOCAL_TIME_ZONE).isoformat()


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _achievement(claims: Claims) -> dict:
    alignment = [{"type": ["Alignment"], "targetName": f"{claims.standard_code} "
                  f"{claims.standard_title}", "targetUrl": claims.standard_url,
                  "targetCode": claims.standard_code, "targetFramework": RENEC}]
    if claims.scian_code:
        alignment.append({"type": ["Alignment"], "targetName": claims.sector_name,
                          "targetUrl": SCIAN_URL, "targetCode": claims.scian_code,
                          "targetFramework": SCIAN})
    achievement = {
        "id": claims.standard_url,
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": claims.standard_title,
        "description": claims.standard_purpose or claims.standard_title,
        "criteria": {"narrative": f"Evaluación conforme al Estándar de Competencia "
                                  f"{claims.standard_code}, nivel {claims.standard_level}."},
        "humanCode": claims.standard_code,
        "alignment": alignment,
    }
    if claims.sector_name:
        achievement["fieldOfStudy"] = claims.sector_name
    return achievement


def _source(claims: Claims) -> dict:
    return {
        "id": f"urn:conocer:organismo:{claims.awarding_body_id}",
        "type": ["Profile"],
        "name": claims.awarding_body_name,
        "description": (f"Entidad de Certificación y Evaluación acreditada por el CONOCER "
                        f"para {claims.standard_code} (cédula {claims.accreditation_folio}, "
                        f"vigente del {_date(claims.accredited_from)} al "
                        f"{_date(claims.accredited_until)})."),
    }


def certificate_credential(claims: Claims, *, status_index: int, subject_id: str,
                           identity_salt: str, created: datetime.datetime,
                           key: signing.SigningKey | None = None) -> dict:
    """The signed OpenBadgeCredential of a certificate. Every address in it comes from
    the issuer URL frozen in the claims, never from a request."""
    did, lists = issuer_did(claims.issuer), status_list_url(claims.issuer)
    credential = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": claims.credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Certificado de competencia laboral {claims.standard_code}",
        "description": (f"{claims.holder_name} es competente en {claims.standard_code} "
                        f"{claims.standard_title} (nivel {claims.standard_level}), "
                        f"certificado por {claims.awarding_body_name}. Folio {claims.folio}."),
        "issuer": {"id": did, "type": ["Profile"], "name": ISSUER_NAME, "url": claims.issuer},
        "validFrom": _valid_from(claims.issued_on),
        **({"validUntil": _valid_until(claims.valid_until)} if claims.valid_until else {}),
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": identity_hash(
                claims, identity_salt), "identityType": "nationalIdentityNumber"
                if claims.holder_id_type == "curp" else "identifier", "hashed": True}],
            "achievement": _achievement(claims),
            "source": _source(claims),
        },
        "credentialStatus": {
            "id": f"{lists}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": lists,
        },
    }
    return dataintegrity.secure(credential, issuer=did, created=created, key=key)
