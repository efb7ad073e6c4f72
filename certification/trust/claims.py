"""A certificate's claims: what it asserts, frozen at issuance.

The claims are what the PDF prints and what the QR token, the credential and the verify
page say. They are taken from the live rows once, when the certificate is issued, and
never change: renaming a centre, correcting a person's record or moving the registry to
another address leaves every issued certificate exactly as it was signed. A correction
is a new certificate with new claims.

The public addresses of a certificate are part of what is printed, so their layout
(`VERIFY_PATH`, …) is fixed here and the verification app's URLs are built from it.
"""

import dataclasses
import datetime

CLAIMS_VERSION = 2

VERIFY_PATH = "verificar/{folio}/"
QR_PATH = "Q/{token}"  # what the QR code opens: upper case, so it stays alphanumeric
CREDENTIAL_PATH = "verificar/{folio}/credential.json"
STATUS_LIST_PATH = "verificar/estado/revocacion.json"
STANDARD_PATH = "estandares/{code}/"

CURP = "curp"

# What a certificate certifies: one competence standard, or a qualification (a set of at
# least two standards, its units, each held by a certificate of its own).
STANDARD = "standard"
QUALIFICATION = "qualification"


@dataclasses.dataclass(frozen=True)
class Claims:
    folio: str
    issuer: str  # settings.REGISTRY_ISSUER_URL at issuance, e.g. https://registro.conocer.gob.mx
    holder_name: str
    holder_id_type: str  # "curp", or the kind of identity document (passport, …)
    holder_id_number: str
    holder_id_country: str  # ISO 3166 code of the document's issuer; "" for a CURP
    standard_code: str
    standard_title: str
    standard_level: int
    standard_purpose: str
    sector_name: str
    awarding_body_id: int
    awarding_body_name: str
    centre_id: int | None
    centre_name: str
    issued_on: datetime.date
    key_id: str  # the registry key that signs the certificate's QR and credential
    # CONOCER's accreditation of the awarding body for the standard on the issue date.
    accreditation_folio: str
    accredited_from: datetime.date | None
    accredited_until: datetime.date | None
    scian_code: str = ""  # the sector's SCIAN (NAICS Mexico) code, when known
    replaces: str = ""  # folio of the certificate this one corrects
    version: int = CLAIMS_VERSION
    # The last day it is valid, when its standard sets a certificate validity (some ECs
    # do, e.g. three years); None: it does not expire.
    valid_until: datetime.date | None = None
    kind: str = STANDARD  # STANDARD, or QUALIFICATION: standard_* then name the qualification
    # A qualification's unit certificates, as issued: ({"folio", "standard_code",
    # "standard_title", "issued_on"}, ...). Empty for a standard.
    units: tuple = ()
    # SINCO 2019 occupations the standard is aligned to: ({"code", "title"}, ...).
    occupations: tuple = ()
    # The national education level its framework level corresponds to, as mapped by
    # CONOCER on the issue date (e.g. "Educación media superior"); "" when unmapped.
    education_level: str = ""
    # Set when it was issued by recognition of a foreign certificate: {"system" (e.g.
    # "ChileValora"), "country" (ISO 3166), "code" (the foreign certificate's number),
    # "issued_on" (ISO date), "reference" (the recognition request's reference)}.
    recognition: dict | None = None

    DATES = ("issued_on", "accredited_from", "accredited_until", "valid_until")

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["units"], data["occupations"] = list(self.units), list(self.occupations)
        for name in self.DATES:
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Claims":
        names = {field.name for field in dataclasses.fields(cls)}
        values = {name: value for name, value in data.items() if name in names}
        for name in cls.DATES:
            if values.get(name):
                values[name] = datetime.date.fromisoformat(values[name])
        for name in ("units", "occupations"):
            if name in values:
                values[name] = tuple(values[name] or ())
        return cls(**values)

    def expired_on(self, day: datetime.date) -> bool:
        """Whether its validity had ended by this day."""
        return self.valid_until is not None and day > self.valid_until

    @property
    def is_qualification(self) -> bool:
        return self.kind == QUALIFICATION

    @property
    def holder_identifier(self) -> str:
        """`CURP:<curp>`, or `<document type>:<country>:<number>`."""
        if self.holder_id_type == CURP:
            return f"CURP:{self.holder_id_number}"
        return f"{self.holder_id_type}:{self.holder_id_country}:{self.holder_id_number}"

    @property
    def verification_url(self) -> str:
        return f"{self.issuer}/{VERIFY_PATH.format(folio=self.folio)}"

    @property
    def credential_url(self) -> str:
        return f"{self.issuer}/{CREDENTIAL_PATH.format(folio=self.folio)}"

    @property
    def standard_url(self) -> str:
        return f"{self.issuer}/{STANDARD_PATH.format(code=self.standard_code)}"


def validity_end(issued_on: datetime.date, years: int | None) -> datetime.date | None:
    """The last valid day of a certificate issued on `issued_on` valid `years` years: the
    day before the anniversary (a 29 February anniversary falls on 1 March)."""
    if not years:
        return None
    try:
        anniversary = issued_on.replace(year=issued_on.year + years)
    except ValueError:  # 29 February in a year that has none
        anniversary = datetime.date(issued_on.year + years, 3, 1)
    return anniversary - datetime.timedelta(days=1)


def status_list_url(issuer: str) -> str:
    return f"{issuer}/{STATUS_LIST_PATH}"
