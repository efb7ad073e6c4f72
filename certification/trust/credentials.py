"""The Open Badges 3.0 credential of a certificate (an `OpenBadgeCredential`, W3C
Verifiable Credentials Data Model v2.0), built from its frozen claims and secured with a
proof set (`eddsa-rdfc-2022` and `eddsa-jcs-2022`, see dataintegrity.py).

What it says, beyond the achievement (the competence standard, or the qualification):

* the achievement's `alignment` places it in the frameworks it belongs to: its entry in
  the registry (RENEC; a qualification also each of its unit standards), its competence
  level, the national education level CONOCER maps that level to, its SINCO 2019
  occupations and its SCIAN sector, as frozen in the claims;
* a qualification's achievement is of type `Certificate` (OB 3.0: mastery of the
  knowledge and skills of an occupation), a standard's `Certification`; the unit
  certificates a qualification rests on are the credential's `evidence`, each with the
  address where it is verified;
* a certificate issued by recognition of a foreign certificate says so in its
  description and in an `evidence` entry naming the foreign system and certificate;

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
from .claims import STANDARD_PATH, VERIFY_PATH, Claims, status_list_url
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
SINCO = "Sistema Nacional de Clasificación de Ocupaciones (SINCO 2019)"
SINCO_URL = "https://www.inegi.org.mx/app/biblioteca/ficha.html?upc=702825198411"
LEVELS = "Niveles de competencia del Sistema Nacional de Competencias (CONOCER)"
EDUCATION = "Sistema Educativo Nacional (SEP)"
# The registry's pages for qualifications and for the levels (standards/urls_qualifications.py).
QUALIFICATION_PATH = "cualificaciones/{code}/"
LEVEL_PATH = "cualificaciones/niveles/#level-{level}"


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


def _achievement_url(claims: Claims) -> str:
    if claims.is_qualification:
        return f"{claims.issuer}/{QUALIFICATION_PATH.format(code=claims.standard_code)}"
    return claims.standard_url


def _aligned(name: str, url: str, framework: str, code: str = "", **more) -> dict:
    return {"type": ["Alignment"], "targetName": name, "targetUrl": url,
            **({"targetCode": code} if code else {}), "targetFramework": framework, **more}


def _alignment(claims: Claims) -> list[dict]:
    """Where the achievement sits: RENEC (and a qualification's units), the competence
    level and its education level, the SINCO occupations, the SCIAN sector."""
    level_url = f"{claims.issuer}/{LEVEL_PATH.format(level=claims.standard_level)}"
    alignment = [_aligned(f"{claims.standard_code} {claims.standard_title}",
                          _achievement_url(claims), RENEC, claims.standard_code)]
    for unit in claims.units:
        alignment.append(_aligned(
            f"{unit['standard_code']} {unit['standard_title']}",
            f"{claims.issuer}/{STANDARD_PATH.format(code=unit['standard_code'])}", RENEC,
            unit["standard_code"], targetDescription=f"Unidad de la cualificación "
                                                     f"{claims.standard_code}"))
    alignment.append(_aligned(f"Nivel {claims.standard_level}", level_url, LEVELS,
                              str(claims.standard_level)))
    if claims.education_level:
        alignment.append(_aligned(
            claims.education_level, level_url, EDUCATION,
            targetDescription=f"Nivel educativo que el CONOCER hace corresponder al nivel "
                              f"{claims.standard_level} de competencia."))
    for occupation in claims.occupations:
        alignment.append(_aligned(occupation["title"], SINCO_URL, SINCO, occupation["code"]))
    if claims.scian_code:
        alignment.append(_aligned(claims.sector_name, SCIAN_URL, SCIAN, claims.scian_code))
    return alignment


def _achievement(claims: Claims) -> dict:
    if claims.is_qualification:
        units = ", ".join(unit["standard_code"] for unit in claims.units)
        criteria = (f"Certificados vigentes en cada una de las unidades de la cualificación "
                    f"{claims.standard_code}, nivel {claims.standard_level}: {units}.")
    else:
        criteria = (f"Evaluación conforme al Estándar de Competencia {claims.standard_code}, "
                    f"nivel {claims.standard_level}.")
    achievement = {
        "id": _achievement_url(claims),
        "type": ["Achievement"],
        "achievementType": "Certificate" if claims.is_qualification else "Certification",
        "name": claims.standard_title,
        "description": claims.standard_purpose or claims.standard_title,
        "criteria": {"narrative": criteria},
        "humanCode": claims.standard_code,
        "alignment": _alignment(claims),
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


def _evidence(claims: Claims) -> list[dict]:
    """The unit certificates a qualification rests on, and the foreign certificate one
    issued by recognition rests on."""
    evidence = [{
        "id": f"{claims.issuer}/{VERIFY_PATH.format(folio=unit['folio'])}",
        "type": ["Evidence"],
        "name": f"Certificado {unit['folio']}",
        "description": f"{unit['standard_code']} {unit['standard_title']}, expedido el "
                       f"{_date(_day(unit['issued_on']))}.",
        "genre": "Certificado de unidad de competencia",
    } for unit in claims.units]
    if claims.recognition:
        evidence.append({
            "type": ["Evidence"],
            "name": f"Certificado extranjero {claims.recognition['code']} "
                    f"({claims.recognition['system']})",
            "description": _recognised(claims),
            "genre": "Reconocimiento de certificado extranjero",
        })
    return evidence


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.date) or not value:
        return value or None
    return datetime.date.fromisoformat(value)


def _recognised(claims: Claims) -> str:
    r = claims.recognition
    return (f"Expedido por reconocimiento del certificado {r['code']} de {r['system']} "
            f"({r['country']}), del {_date(_day(r.get('issued_on')))}; solicitud "
            f"{r.get('reference') or '—'}.")


def _description(claims: Claims) -> str:
    what = "la cualificación" if claims.is_qualification else ""
    text = (f"{claims.holder_name} es competente en {what + ' ' if what else ''}"
            f"{claims.standard_code} {claims.standard_title} (nivel {claims.standard_level}), "
            f"certificado por {claims.awarding_body_name}. Folio {claims.folio}.")
    if claims.recognition:
        text += " " + _recognised(claims)
    return text


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
        "name": (f"Certificado de cualificación {claims.standard_code}"
                 if claims.is_qualification
                 else f"Certificado de competencia laboral {claims.standard_code}"),
        "description": _description(claims),
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
        **({"evidence": evidence} if (evidence := _evidence(claims)) else {}),
        "credentialStatus": {
            "id": f"{lists}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": lists,
        },
    }
    return dataintegrity.secure(credential, issuer=did, created=created, key=key)
