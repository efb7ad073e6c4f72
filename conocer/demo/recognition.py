"""The demo's recognition of foreign certificates: the foreign systems of the Pacific
Alliance and Central America, equivalences with demo standards (full and partial), and
one request of each outcome, decided by CONOCER through the services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from certification.recognition import selectors
from certification.recognition.models import ForeignSystem
from certification.recognition.services import catalogue, requests
from standards.models import Standard

SYSTEMS = [
    ("Comisión del Sistema Nacional de Certificación de Competencias Laborales",
     "ChileValora", "CL", "https://www.chilevalora.cl/"),
    ("Servicio Nacional de Aprendizaje", "SENA", "CO", "https://www.sena.edu.co/"),
    ("Ministerio de Trabajo y Promoción del Empleo", "MTPE", "PE", "https://www.gob.pe/mtpe"),
    ("Instituto Nacional de Formación Técnico Profesional", "INFOTEP", "DO",
     "https://www.infotep.gob.do/"),
    ("Instituto Salvadoreño de Formación Profesional", "INSAFORP", "SV",
     "https://www.insaforp.org.sv/"),
    ("Instituto Nacional de Formación Profesional", "INFOP", "HN", "https://www.infop.hn/"),
    ("Instituto Técnico de Capacitación y Productividad", "INTECAP", "GT",
     "https://intecap.edu.gt/"),
]
PDF = b"%PDF-1.4\n% certificado extranjero de demostracion\n%%EOF\n"


def _file(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class Recognition:
    def __init__(self, loader):
        self.loader = loader

    def _standard(self):
        """A published demo standard with at least two units, which a centre's assessor
        and an awarding body are accredited for today."""
        for standard in Standard.objects.filter(status=Standard.Status.PUBLISHED).order_by(
                "code"):
            if standard.units.count() >= 2 and selectors.issuing_bodies(standard).exists() \
                    and selectors.eligible_assessors(standard):
                return standard
        return None

    def load(self):
        if ForeignSystem.objects.exists():
            return
        admin = self.loader.admin
        systems = {acronym: catalogue.save_system(
            actor=admin, name=name, acronym=acronym, country=country, website=website,
            active=True) for name, acronym, country, website in SYSTEMS}
        standard = self._standard()
        if standard is None:
            self.loader.log("  recognition: no standard with two units to map")
            return
        units = list(standard.units.all())
        start = datetime.date(2025, 1, 1)
        full = catalogue.save_equivalence(
            actor=admin, system=systems["ChileValora"], foreign_code="P-8520-2359-001",
            foreign_title="Relator(a) de capacitación", standard=standard, kind="full",
            valid_from=start, notes="Acuerdo de reconocimiento mutuo, Alianza del Pacífico.")
        partial = catalogue.save_equivalence(
            actor=admin, system=systems["SENA"], foreign_code="230101",
            foreign_title="Instructor(a) de formación para el trabajo", standard=standard,
            kind="partial", valid_from=start, unit_codes=[units[-1].code])
        catalogue.save_equivalence(
            actor=admin, system=systems["MTPE"], foreign_code="PE-ED-0412",
            foreign_title="Facilitador(a) de aprendizaje", standard=standard, kind="partial",
            valid_from=start, unit_codes=[units[0].code])
        catalogue.save_equivalence(
            actor=admin, system=systems["INFOTEP"], foreign_code="DO-FT-118",
            foreign_title="Formador(a) de formadores", standard=standard, kind="full",
            valid_from=start)
        body = selectors.issuing_bodies(standard).first()
        assessor = selectors.eligible_assessors(standard)[0]

        def submit(equivalence, code, **person):
            return requests.submit_request(
                actor=None, uploaded=_file(f"{code}.pdf"), privacy_consent=True,
                system=equivalence.system, foreign_code=code,
                foreign_issued_on=datetime.date(2023, 5, 19), equivalence=equivalence,
                **{"curp": "", "id_document_type": "passport", "second_surname": "",
                   "email": "", "phone": "", **person})

        submit(full, "CV-2024-00417", id_document_number="HN8812345",
               id_document_country="HN", nationality="HN", given_names="Dilcia Marisol",
               first_surname="Maradiaga", birth_date=datetime.date(1990, 4, 12))
        recognised = submit(full, "CV-2023-99812", id_document_number="CL20331874",
                            id_document_country="CL", nationality="CL",
                            given_names="Javiera", first_surname="Poblete",
                            birth_date=datetime.date(1987, 9, 3))
        requests.recognise(actor=admin, request_id=recognised.pk, awarding_body=body,
                           fee_waived=850, fee_waiver_reason="Programa de movilidad laboral")
        partly = submit(partial, "9227-0418", id_document_number="CO52814477",
                        id_document_country="CO", nationality="CO", given_names="Yuliana",
                        first_surname="Cárdenas", birth_date=datetime.date(1992, 1, 9))
        requests.recognise_partially(actor=admin, request_id=partly.pk, assessor=assessor,
                                     reason="Falta evaluar la unidad no cubierta.")
        rejected = submit(full, "CV-2009-00011", id_document_number="PE7045118",
                          id_document_country="PE", nationality="PE", given_names="Rómulo",
                          first_surname="Quispe", birth_date=datetime.date(1979, 11, 30))
        requests.reject(actor=admin, request_id=rejected.pk, reason=(
            "El certificado de 2009 corresponde a un perfil ya no vigente en ChileValora. "
            "Puede evaluarse en el estándar completo en un centro acreditado."))
        self.loader.log(f"  recognition: {len(systems)} foreign systems, 4 equivalences "
                        f"with {standard.code}, 4 requests")
