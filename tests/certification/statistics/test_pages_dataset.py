"""The fixed dataset the page and open-data tests count on, small enough to work out by hand:

  standard        sector  level  certificates (issued on, centre)
  EC0217          EDU     3      6 (2024-03-10, JAL) + 4 (2025-02-01, YUC; 1 revoked)
  EC0076          EDU     3      5 (2025-06-01, JAL)
  EC0435          TUR     2      3 (2024-09-09, YUC) + 2 (2025-10-10, YUC)
  EC0999          TUR     1      never used (published 2020: dormant)

20 certificates: 9 in 2024, 11 in 2025 (1 revoked); JAL 11 (body CONALEP), YUC 9 (body
IDEFT); EDU 15 (75.0 %), TUR 5 (25.0 %); level 3: 15, level 2: 5. The top standard holds
10 (50.0 %). 12 women and 8 men, all born on 1990-01-01: 9 certificates at 34 (2024), 11
at 35 (2025). Every holder's CURP and name are in `private`, for the scans.

Certificates are made by the factory at their dates and counted by the statistics' own
repair, as the nightly task would (the hooks are tested by the statistics' own tests)."""

import datetime

import pytest

from certification.issuance.services import usage
from certification.statistics import services
from conocer.demo.people import build_curp
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CertificateFactory,
    PersonFactory,
    SectorFactory,
    StandardFactory,
)

BORN = datetime.date(1990, 1, 1)
SINCE, UNTIL = datetime.date(2020, 1, 1), datetime.date(2035, 12, 31)
WOMEN = ["Eulalia", "Leocadia", "Remedios", "Hortensia", "Clementina", "Filomena",
         "Eduviges", "Casilda", "Anunciación", "Práxedes", "Gumersinda", "Rosaura"]
MEN = ["Eustaquio", "Nicomedes", "Anacleto", "Wenceslao", "Pancracio", "Hermenegildo",
       "Gaudencio", "Telesforo"]
SURNAMES = ["Zamudio", "Quintanar"]


class Figures:
    """The dataset, with the names and CURPs that must never show."""

    def __init__(self):
        self.private = []
        edu = SectorFactory(code="EDU", name="Educación y formación de personas")
        tur = SectorFactory(code="TUR", name="Turismo")
        self.standards = {
            "EC0217": StandardFactory(code="EC0217", level=3, sector=edu,
                                      title="Impartición de cursos de formación"),
            "EC0076": StandardFactory(code="EC0076", level=3, sector=edu,
                                      title="Evaluación de la competencia de candidatos"),
            "EC0435": StandardFactory(code="EC0435", level=2, sector=tur,
                                      title="Atención a comensales"),
            "EC0999": StandardFactory(code="EC0999", level=1, sector=tur,
                                      title="Guía de turistas en sitios naturales"),
        }
        conalep = AwardingBodyFactory(name="Colegio Nacional de Educación Profesional Técnica",
                                      acronym="CONALEP", state="MEX")
        ideft = AwardingBodyFactory(name="Instituto de Formación para el Trabajo",
                                    acronym="IDEFT", state="YUC")
        jal = AssessmentCentreFactory(awarding_body=conalep, state="JAL",
                                      name="Centro Zapopan")
        yuc = AssessmentCentreFactory(awarding_body=ideft, state="YUC", name="Centro Mérida",
                                      municipality="Mérida")
        self.bodies, self.centres = (conalep, ideft), (jal, yuc)
        self._accredit(conalep, jal)
        self._accredit(ideft, yuc)
        plan = [("EC0217", datetime.date(2024, 3, 10), jal, 6),
                ("EC0217", datetime.date(2025, 2, 1), yuc, 4),
                ("EC0076", datetime.date(2025, 6, 1), jal, 5),
                ("EC0435", datetime.date(2024, 9, 9), yuc, 3),
                ("EC0435", datetime.date(2025, 10, 10), yuc, 2)]
        holders = iter([(name, "M") for name in WOMEN] + [(name, "H") for name in MEN])
        self.certificates = []
        for code, issued_on, centre, count in plan:
            for _n in range(count):
                name, sex = next(holders)
                person = self._person(name, sex, centre.state)
                self.certificates.append(CertificateFactory(
                    holder=person, standard=self.standards[code], centre=centre,
                    issued_on=issued_on))
        self.revoked = self.certificates[6]  # one of EC0217's in 2025
        self.revoked.status, self.revoked.status_reason = "revoked", "Evidencia apócrifa."
        self.revoked.save(update_fields=["status", "status_reason"])
        usage.refresh_standard_usage()
        services.repair_statistics()

    def _accredit(self, body, centre):
        """The body and its centre accredited for EC0217 today, and an assessor of the
        centre (a person: their name must never show either)."""
        standard = self.standards["EC0217"]
        AccreditationFactory(standard=standard, awarding_body=body, valid_from=SINCE,
                             valid_until=UNTIL)
        AccreditationFactory(standard=standard, awarding_body=None, centre=centre,
                             granted_by=body, valid_from=SINCE, valid_until=UNTIL)
        assessor = AssessorFactory(centre=centre, awarding_body=body,
                                   full_name=f"Bonifacia Ontiveros {centre.state}")
        AccreditationFactory(standard=standard, awarding_body=None, assessor=assessor,
                             granted_by=body, valid_from=SINCE, valid_until=UNTIL)
        self.private += [assessor.full_name, assessor.curp]

    def _person(self, name, sex, state):
        curp = build_curp(given_names=name, first_surname=SURNAMES[0],
                          second_surname=SURNAMES[1], birth_date=BORN, sex=sex, state=state)
        person = PersonFactory(given_names=name, first_surname=SURNAMES[0],
                               second_surname=SURNAMES[1], birth_date=BORN, curp=curp)
        self.private += [curp, name]
        return person


@pytest.fixture(name="figures")
def figures_fixture(db, settings):
    settings.STATISTICS_MIN_COUNT = 5
    return Figures()
