"""A small world for recognition: a standard with two units, an awarding body, a centre
and an assessor accredited for it, foreign systems with a full and a partial
equivalence, and a CONOCER administrator."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bodies.models import Membership
from certification.recognition.models import Equivalence, ForeignSystem
from certification.recognition.services import requests
from conocer.core.roles import ensure_conocer_group
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CriterionFactory,
    StandardFactory,
    UnitFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ACCREDITED = {"valid_from": datetime.date(2025, 1, 1), "valid_until": datetime.date(2030, 12, 31)}


def pdf(name="certificado.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class World:
    def __init__(self):
        self.standard = StandardFactory(code="EC0301", title="Diseño de cursos de formación")
        self.unit_1 = UnitFactory(standard=self.standard, code="E0875", order=1)
        self.unit_2 = UnitFactory(standard=self.standard, code="E0876", order=2)
        self.criteria_1 = [CriterionFactory(unit=self.unit_1, text=f"Criterio uno {n}")
                           for n in range(2)]
        self.criteria_2 = [CriterionFactory(unit=self.unit_2, text=f"Criterio dos {n}")
                           for n in range(2)]
        self.body = AwardingBodyFactory(acronym="CONALEP")
        self.centre = AssessmentCentreFactory(awarding_body=self.body)
        AccreditationFactory(standard=self.standard, awarding_body=self.body, **ACCREDITED)
        AccreditationFactory(standard=self.standard, awarding_body=None, centre=self.centre,
                             granted_by=self.body, **ACCREDITED)
        self.assessor_user = UserFactory(username="evaluadora")
        self.assessor = AssessorFactory(user=self.assessor_user, centre=self.centre,
                                        awarding_body=self.body)
        AccreditationFactory(standard=self.standard, awarding_body=None, assessor=self.assessor,
                             granted_by=self.body, **ACCREDITED)
        Membership.objects.create(user=self.assessor_user, role=Membership.Role.ASSESSOR,
                                  centre=self.centre)
        self.conocer = UserFactory(username="conocer", is_staff=True)
        self.conocer.groups.add(ensure_conocer_group())
        self.chilevalora = ForeignSystem.objects.create(
            name="Comisión del Sistema Nacional de Certificación de Competencias Laborales",
            acronym="ChileValora", country="CL")
        self.sena = ForeignSystem.objects.create(name="Servicio Nacional de Aprendizaje",
                                                 acronym="SENA", country="CO")
        self.full = Equivalence.objects.create(
            system=self.chilevalora, foreign_code="P-8520-2359-001",
            foreign_title="Relator de capacitación", standard=self.standard,
            kind=Equivalence.Kind.FULL, valid_from=datetime.date(2024, 1, 1))
        self.partial = Equivalence.objects.create(
            system=self.sena, foreign_code="230101", foreign_title="Instructor",
            standard=self.standard, kind=Equivalence.Kind.PARTIAL,
            valid_from=datetime.date(2024, 1, 1))
        self.partial.units_to_assess.set([self.unit_2])

    def applicant(self, **overrides):
        """A passport holder from Honduras, as the request form sends them."""
        return {"curp": "", "id_document_type": "passport", "id_document_number": "F123456",
                "id_document_country": "HN", "nationality": "HN", "given_names": "Dilcia",
                "first_surname": "Maradiaga", "second_surname": "Zelaya",
                "birth_date": datetime.date(1990, 4, 12), "email": "dilcia@example.hn",
                "phone": "", **overrides}

    def submit(self, *, equivalence=None, actor=None, uploaded=None, **person):
        equivalence = equivalence or self.full
        return requests.submit_request(
            actor=actor, uploaded=uploaded or pdf(), privacy_consent=True,
            system=equivalence.system, foreign_code="CV-2023-99812",
            foreign_issued_on=datetime.date(2023, 6, 30), equivalence=equivalence,
            **self.applicant(**person))


@pytest.fixture
def world(db):
    return World()
