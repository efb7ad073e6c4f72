"""A small registry whose figures are worked out by hand in the tests that use it.

Sector A: s1 (level 2) 10 certificates, s2 (level 3) 3; sector B: s3 (level 2) 3, s4
(level 4) none; q1, a qualification in sector A, 1. By year: 2024 8 (s1 6, s3 2), 2025 8
(s1 4 of which 1 revoked, s2 3, s3 1), plus one cancelled and one replaced that do not
count. States: the centre's MEX for s1 and s3 (13), the body's YUC for s2 (3).
Holders: s1 7 women and 3 men, s2 2 men and 1 with a passport, s3 3 women; all born
15 June 1990 (aged 33 in 2024, 34 in 2025) but the passport holder."""

import datetime

from certification.issuance.models import Certificate
from certification.statistics import services
from conocer.demo.people import SURNAMES, build_curp
from standards.models import Standard
from tests.factories import (
    AssessmentCentreFactory,
    AwardingBodyFactory,
    CertificateFactory,
    PersonFactory,
    SectorFactory,
    StandardFactory,
)

BORN = datetime.date(1990, 6, 15)
D2024, D2025 = datetime.date(2024, 3, 1), datetime.date(2025, 3, 1)


def holder(sex):
    if sex == "passport":
        return PersonFactory(curp="", id_document_type="passport", id_document_number="G1234567",
                             id_document_country="US", nationality="US", birth_date=BORN)
    given = "María Elena" if sex == "M" else "Juan Carlos"
    serial = PersonFactory._meta.model.objects.count()
    first, second = SURNAMES[serial % len(SURNAMES)], SURNAMES[serial // len(SURNAMES)]
    return PersonFactory(curp=build_curp(given_names=given, first_surname=first,
                                         second_surname=second, birth_date=BORN, sex=sex,
                                         state="JAL"),
                         given_names=given, first_surname=first, second_surname=second,
                         birth_date=BORN)


def build():
    a, b = SectorFactory(code="A", name="Agricultura"), SectorFactory(code="B", name="Banca")
    s1 = StandardFactory(code="EC0001", sector=a, level=2)
    s2 = StandardFactory(code="EC0002", sector=a, level=3)
    s3 = StandardFactory(code="EC0003", sector=b, level=2)
    s4 = StandardFactory(code="EC0004", sector=b, level=4)
    q1 = StandardFactory(code="EC0005", sector=a, level=3, kind=Standard.Kind.QUALIFICATION)
    StandardFactory(code="EC0006", sector=b, status=Standard.Status.DRAFT)  # not published
    b1 = AwardingBodyFactory(name="Entidad Uno", state="JAL")
    c1 = AssessmentCentreFactory(awarding_body=b1, state="MEX")
    b2 = AwardingBodyFactory(name="Entidad Dos", state="YUC")

    def issue(standard, sex, on, *, centre=c1, body=b1, status="valid"):
        certificate = CertificateFactory(standard=standard, holder=holder(sex), centre=centre,
                                         awarding_body=body, issued_on=on)
        if status != "valid":
            Certificate.objects.filter(pk=certificate.pk).update(status=status,
                                                                 status_reason="Prueba.")
        return certificate

    for sex in "MMMMHH":
        issue(s1, sex, D2024)
    for sex, status in (("M", "valid"), ("M", "valid"), ("M", "valid"), ("H", "revoked")):
        issue(s1, sex, D2025, status=status)
    for sex in ("H", "H", "passport"):
        issue(s2, sex, D2025, centre=None, body=b2)
    issue(s2, "H", D2025, centre=None, body=b2, status="cancelled")
    issue(s3, "M", D2024)
    issue(s3, "M", D2024)
    issue(s3, "M", D2025)
    issue(s3, "M", D2025, status="replaced")
    issue(q1, "M", D2025)
    services.repair_statistics()
    return {"s1": s1, "s2": s2, "s3": s3, "s4": s4, "q1": q1, "b1": b1, "b2": b2}
