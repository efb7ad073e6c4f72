"""Every URL of the registry, as every kind of visitor, on their own body and another's.

The table below is the specification: one row per URL name and method, one column per
visitor. It must name every URL pattern the project has (the first test fails when a
pattern has no row), so a new page cannot ship without saying who may open it.

  ok     allowed (a page, a redirect that is not to the login, or a form's field errors)
  blind  allowed, but the answer must show nothing of the other body's people
  no     refused (403, or 404 where even the object's existence is not theirs to know),
         before anything is validated, and nothing of the people behind it is shown
  login  sent to the login page, nothing shown
  hold   sent to the holder's sign-in (/mi-registro/entrar/), nothing shown: pages of a
         person's own record, which no staff account opens (holder against holder:
         tests/certification/holders/test_holder_matrix.py)

Requests follow redirects, so a message shown on the next page is checked too. (The
holder lookup shows back the CURP its visitor typed: its privacy has its own tests, in
tests/certification/verification/test_privacy.py.)

The world: awarding body A with its centre, assessor, reviewer and administrator, a
candidate under assessment, a request awaiting decision and an issued certificate;
awarding body B with its own reviewer and assessor; a committee member of the lead body
that writes the standards; a CONOCER administrator. Every URL points at A's objects.
"""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bodies.models import Accreditation, Membership
from certification.assessment.services import assessments
from certification.issuance.models import CertificateRequest
from certification.issuance.services import corrections
from certification.issuance.services.qualifications import unit_claims
from conocer.core.roles import ensure_conocer_group
from standards.models import Standard
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CandidacyFactory,
    CertificateFactory,
    CriterionFactory,
    LeadBodyFactory,
    PersonFactory,
    StandardFactory,
    UnitFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

VISITORS = ["anonymous", "assessor", "assessor_b", "reviewer", "reviewer_b", "body_admin",
            "committee", "conocer"]

#  url name                            method   anon  asr   asr_b rev   rev_b adm   comm  conocer
SPEC = """
home                                   GET      ok    ok    ok    ok    ok    ok    ok    ok
search                                 GET      ok    ok    ok    ok    ok    ok    ok    ok
healthz                                GET      ok    ok    ok    ok    ok    ok    ok    ok
set_language                           POST     ok    ok    ok    ok    ok    ok    ok    ok
login                                  GET      ok    ok    ok    ok    ok    ok    ok    ok
login                                  POST     ok    ok    ok    ok    ok    ok    ok    ok
logout                                 POST     ok    ok    ok    ok    ok    ok    ok    ok
dashboard                              GET      login ok    ok    ok    ok    ok    ok    ok
accounts:two_factor                    GET      login ok    ok    ok    ok    ok    ok    ok
accounts:start_enrolment               POST     login ok    ok    ok    ok    ok    ok    ok
accounts:enrol                         GET      login ok    ok    ok    ok    ok    ok    ok
accounts:enrol                         POST     login ok    ok    ok    ok    ok    ok    ok
accounts:verify                        GET      login ok    ok    ok    ok    ok    ok    ok
accounts:verify                        POST     login ok    ok    ok    ok    ok    ok    ok
accounts:recovery_codes                POST     login ok    ok    ok    ok    ok    ok    ok
accounts:keepalive                     POST     login ok    ok    ok    ok    ok    ok    ok
api-schema                             GET      ok    ok    ok    ok    ok    ok    ok    ok
api-docs                               GET      ok    ok    ok    ok    ok    ok    ok    ok

standards:catalogue                    GET      ok    ok    ok    ok    ok    ok    ok    ok
standards:export_csv                   GET      ok    ok    ok    ok    ok    ok    ok    ok
standards:export_json                  GET      ok    ok    ok    ok    ok    ok    ok    ok
standards:detail                       GET      ok    ok    ok    ok    ok    ok    ok    ok
standards:detail/draft                 GET      no    no    no    no    no    no    ok    ok
standards:dormant                      GET      login no    no    no    no    no    no    ok
standards:work_in_progress             GET      login no    no    no    no    no    ok    ok
standards:create                       GET      login no    no    no    no    no    ok    ok
standards:create                       POST     login no    no    no    no    no    ok    ok
standards:edit                         GET      login no    no    no    no    no    ok    ok
standards:edit                         POST     login no    no    no    no    no    ok    ok
standards:new_version                  POST     login no    no    no    no    no    ok    ok
standards:unit_create                  GET      login no    no    no    no    no    ok    ok
standards:unit_create                  POST     login no    no    no    no    no    ok    ok
standards:unit_edit                    GET      login no    no    no    no    no    ok    ok
standards:unit_edit                    POST     login no    no    no    no    no    ok    ok
standards:unit_delete                  POST     login no    no    no    no    no    ok    ok
standards:transition                   POST     login no    no    no    no    no    ok    ok
standards:transition                   GET      login no    no    no    no    no    ok    ok
standards:subscribe                    POST     ok    ok    ok    ok    ok    ok    ok    ok
standards:confirm_subscription         GET      ok    ok    ok    ok    ok    ok    ok    ok
standards:unsubscribe                  GET      ok    ok    ok    ok    ok    ok    ok    ok
standards:unsubscribe                  POST     ok    ok    ok    ok    ok    ok    ok    ok
qualifications:catalogue               GET      ok    ok    ok    ok    ok    ok    ok    ok
qualifications:detail                  GET      ok    ok    ok    ok    ok    ok    ok    ok
qualifications:levels                  GET      ok    ok    ok    ok    ok    ok    ok    ok
qualifications:create                  GET      login no    no    no    no    no    ok    ok
qualifications:create                  POST     login no    no    no    no    no    ok    ok
qualifications:edit_levels             GET      login no    no    no    no    no    no    ok
qualifications:edit_levels             POST     login no    no    no    no    no    no    ok

bodies:directory                       GET      ok    ok    ok    ok    ok    ok    ok    ok
bodies:back_office                     GET      login no    no    ok    blind ok    no    ok
bodies:body                            GET      login no    no    ok    no    ok    no    ok
bodies:accredit_centre                 POST     login no    no    no    no    ok    no    ok
bodies:accredit_assessor               POST     login no    no    no    no    ok    no    ok
bodies:accredit_body                   POST     login no    no    no    no    no    no    ok
bodies:decide                          POST     login no    no    no    no    ok    no    ok
bodies:decide                          GET      login no    no    no    no    ok    no    ok

verification:verify                    GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:verify_folio              GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:public_pdf                GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:credential                GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:scanned                   GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:document_check            GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:document_check            POST     ok    ok    ok    ok    ok    ok    ok    ok
verification:holder_lookup             GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:holder_lookup             POST     ok    ok    ok    ok    ok    ok    ok    ok
verification:status_list               GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:registry_keys             GET      ok    ok    ok    ok    ok    ok    ok    ok
verification:did_document              GET      ok    ok    ok    ok    ok    ok    ok    ok

assessment:candidates                  GET      login ok    blind ok    blind ok    no    ok
assessment:register_candidate          GET      login ok    blind no    no    no    no    ok
assessment:register_candidate          POST     login ok    blind no    no    no    no    ok
assessment:import_upload               GET      login ok    blind no    no    no    no    ok
assessment:import_upload               POST     login ok    blind no    no    no    no    ok
assessment:import_job                  GET      login ok    no    no    no    no    no    ok
assessment:import_start                GET      login ok    no    no    no    no    no    ok
assessment:import_start                POST     login ok    no    no    no    no    no    ok
assessment:import_progress             GET      login ok    no    no    no    no    no    ok
assessment:import_problems             GET      login ok    no    no    no    no    no    ok
assessment:my_assessments              GET      login ok    blind no    no    no    no    no
assessment:start_assessment            GET      login ok    blind no    no    no    no    no
assessment:start_assessment            POST     login ok    blind no    no    no    no    no
assessment:assessment                  GET      login ok    no    ok    no    ok    no    ok
assessment:save_judgements             POST     login ok    no    no    no    no    no    no
assessment:autosave_judgement          POST     login ok    no    no    no    no    no    no
assessment:upload_evidence             POST     login ok    no    no    no    no    no    no
assessment:submit_assessment           POST     login ok    no    no    no    no    no    no
assessment:evidence_file               GET      login ok    no    ok    no    ok    no    ok
assessment:remove_evidence             POST     login ok    no    no    no    no    no    no

issuance:requests                      GET      login ok    blind ok    blind ok    no    ok
issuance:approve_selected              POST     login no    no    ok    blind ok    no    ok
issuance:approve_selected              GET      login no    no    ok    blind ok    no    ok
issuance:request_detail                GET      login ok    no    ok    no    ok    no    ok
issuance:approve                       POST     login no    no    ok    no    ok    no    ok
issuance:approve                       GET      login no    no    ok    no    ok    no    ok
issuance:reject                        POST     login no    no    ok    no    ok    no    ok
issuance:reject                        GET      login no    no    ok    no    ok    no    ok
issuance:release                       POST     login no    no    no    no    no    no    ok
issuance:certificate                   GET      login ok    no    ok    no    ok    no    ok
issuance:certificate_pdf               GET      login ok    no    ok    no    ok    no    ok
issuance:certificates                  GET      login blind blind ok    blind ok    no    ok
issuance:certificates_csv              GET      login blind blind ok    blind ok    no    ok
issuance:withdraw                      POST     login no    no    no    no    ok    no    ok
issuance:withdraw                      GET      login no    no    no    no    ok    no    ok
issuance:reissue                       POST     login no    no    no    no    ok    no    ok
issuance:reissue                       GET      login no    no    no    no    ok    no    ok
issuance:corrections                   GET      login no    no    ok    blind ok    no    ok
issuance:correction_detail             GET      login no    no    ok    no    ok    no    ok
issuance:correction_attachment         GET      login no    no    ok    no    ok    no    ok
issuance:correction_reissue            POST     login no    no    ok    no    ok    no    ok
issuance:correction_reissue            GET      login no    no    ok    no    ok    no    ok
issuance:correction_refuse             POST     login no    no    ok    no    ok    no    ok
issuance:correction_refuse             GET      login no    no    ok    no    ok    no    ok
issuance:import_upload                 GET      login no    no    no    no    no    no    ok
issuance:import_upload                 POST     login no    no    no    no    no    no    ok
issuance:import_sample                 GET      login no    no    no    no    no    no    ok
issuance:import_job                    GET      login no    no    no    no    no    no    ok
issuance:import_start                  GET      login no    no    no    no    no    no    ok
issuance:import_start                  POST     login no    no    no    no    no    no    ok
issuance:import_progress               GET      login no    no    no    no    no    no    ok
issuance:import_problems               GET      login no    no    no    no    no    no    ok
issuance:holder_unsubscribe            GET      ok    ok    ok    ok    ok    ok    ok    ok
issuance:qualification_reviews         GET      login no    no    no    no    no    no    ok
issuance:qualification_review_decide   POST     login no    no    no    no    no    no    ok
issuance:qualification_review_decide   GET      login no    no    no    no    no    no    ok
issuance:holder_unsubscribe            POST     ok    ok    ok    ok    ok    ok    ok    ok

dashboards:body                        GET      login no    no    ok    no    ok    no    ok
dashboards:body_csv                    GET      login no    no    ok    no    ok    no    ok
dashboards:centre                      GET      login ok    no    ok    no    ok    no    ok
dashboards:centre_csv                  GET      login ok    no    ok    no    ok    no    ok
dashboards:lead_body                   GET      login no    no    no    no    no    ok    ok
dashboards:lead_body_csv               GET      login no    no    no    no    no    ok    ok
dashboards:conocer                     GET      login no    no    no    no    no    no    ok
dashboards:conocer_exports             GET      login no    no    no    no    no    no    ok
dashboards:conocer_csv                 GET      login no    no    no    no    no    no    ok
statistics:dashboard                   GET      ok    ok    ok    ok    ok    ok    ok    ok
statistics:table_csv                   GET      ok    ok    ok    ok    ok    ok    ok    ok
statistics:open_data                   GET      ok    ok    ok    ok    ok    ok    ok    ok
statistics:data_catalogue              GET      ok    ok    ok    ok    ok    ok    ok    ok
statistics:dataset_csv                 GET      ok    ok    ok    ok    ok    ok    ok    ok
statistics:dataset_json                GET      ok    ok    ok    ok    ok    ok    ok    ok

holders:home                           GET      hold  hold  hold  hold  hold  hold  hold  hold
holders:sign_in                        GET      ok    ok    ok    ok    ok    ok    ok    ok
holders:sign_in                        POST     ok    ok    ok    ok    ok    ok    ok    ok
holders:sign_in_code                   POST     ok    ok    ok    ok    ok    ok    ok    ok
holders:open_link                      GET      ok    ok    ok    ok    ok    ok    ok    ok
holders:open_link                      POST     ok    ok    ok    ok    ok    ok    ok    ok
holders:confirm_email                  GET      ok    ok    ok    ok    ok    ok    ok    ok
holders:confirm_email                  POST     ok    ok    ok    ok    ok    ok    ok    ok
holders:sign_out                       POST     ok    ok    ok    ok    ok    ok    ok    ok
holders:registry_choice                POST     hold  hold  hold  hold  hold  hold  hold  hold
holders:certificate                    GET      hold  hold  hold  hold  hold  hold  hold  hold
holders:certificate_pdf                GET      hold  hold  hold  hold  hold  hold  hold  hold
holders:credential                     GET      hold  hold  hold  hold  hold  hold  hold  hold
holders:linkedin                       GET      hold  hold  hold  hold  hold  hold  hold  hold
holders:create_share_link              POST     hold  hold  hold  hold  hold  hold  hold  hold
holders:request_correction             GET      hold  hold  hold  hold  hold  hold  hold  hold
holders:request_correction             POST     hold  hold  hold  hold  hold  hold  hold  hold
holders:subscription                   POST     hold  hold  hold  hold  hold  hold  hold  hold
holders:revoke_share_link              POST     hold  hold  hold  hold  hold  hold  hold  hold
holders:shared                         GET      no    no    no    no    no    no    no    no
holders:candidate_access               GET      login ok    no    no    no    no    no    ok
holders:candidate_access               POST     login ok    no    no    no    no    no    ok

recognition:route                      GET      ok    ok    ok    ok    ok    ok    ok    ok
recognition:apply                      GET      ok    ok    ok    ok    ok    ok    ok    ok
recognition:apply                      POST     ok    ok    ok    ok    ok    ok    ok    ok
recognition:submitted                  GET      ok    ok    ok    ok    ok    ok    ok    ok
recognition:track                      GET      ok    ok    ok    ok    ok    ok    ok    ok
recognition:track                      POST     ok    ok    ok    ok    ok    ok    ok    ok
recognition:queue                      GET      login no    no    no    no    no    no    ok
recognition:detail                     GET      login no    no    no    no    no    no    ok
recognition:detail                     POST     login no    no    no    no    no    no    ok
recognition:file                       GET      login no    no    no    no    no    no    ok
recognition:systems                    GET      login no    no    no    no    no    no    ok
recognition:system_new                 GET      login no    no    no    no    no    no    ok
recognition:system_new                 POST     login no    no    no    no    no    no    ok
recognition:system_edit                GET      login no    no    no    no    no    no    ok
recognition:system_edit                POST     login no    no    no    no    no    no    ok
recognition:equivalence_new            GET      login no    no    no    no    no    no    ok
recognition:equivalence_new            POST     login no    no    no    no    no    no    ok
recognition:equivalence_edit           GET      login no    no    no    no    no    no    ok
recognition:equivalence_edit           POST     login no    no    no    no    no    no    ok

api:api-root                           GET      ok    ok    ok    ok    ok    ok    ok    ok
api:api-root/json                      GET      ok    ok    ok    ok    ok    ok    ok    ok
api:verify                             GET      ok    ok    ok    ok    ok    ok    ok    ok
api:standard-list                      GET      ok    ok    ok    ok    ok    ok    ok    ok
api:standard-list/json                 GET      ok    ok    ok    ok    ok    ok    ok    ok
api:standard-detail                    GET      ok    ok    ok    ok    ok    ok    ok    ok
api:standard-detail/json               GET      ok    ok    ok    ok    ok    ok    ok    ok
api:qualification-list                 GET      ok    ok    ok    ok    ok    ok    ok    ok
api:qualification-list/json            GET      ok    ok    ok    ok    ok    ok    ok    ok
api:qualification-detail               GET      ok    ok    ok    ok    ok    ok    ok    ok
api:qualification-detail/json          GET      ok    ok    ok    ok    ok    ok    ok    ok
api:awarding-body-list                 GET      ok    ok    ok    ok    ok    ok    ok    ok
api:awarding-body-list/json            GET      ok    ok    ok    ok    ok    ok    ok    ok
api:awarding-body-detail               GET      ok    ok    ok    ok    ok    ok    ok    ok
api:awarding-body-detail/json          GET      ok    ok    ok    ok    ok    ok    ok    ok
api:centre-list                        GET      ok    ok    ok    ok    ok    ok    ok    ok
api:centre-list/json                   GET      ok    ok    ok    ok    ok    ok    ok    ok
api:centre-detail                      GET      ok    ok    ok    ok    ok    ok    ok    ok
api:centre-detail/json                 GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-system-list            GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-system-list/json       GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-system-detail          GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-system-detail/json     GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-equivalence-list       GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-equivalence-list/json  GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-equivalence-detail     GET      ok    ok    ok    ok    ok    ok    ok    ok
api:recognition-equivalence-detail/json GET      ok    ok    ok    ok    ok    ok    ok    ok
api:stats                              GET      ok    ok    ok    ok    ok    ok    ok    ok
api:stats-filters                      GET      ok    ok    ok    ok    ok    ok    ok    ok
api:stats-table                        GET      ok    ok    ok    ok    ok    ok    ok    ok
"""
VALID_FROM, VALID_UNTIL = datetime.date(2025, 1, 1), datetime.date(2030, 12, 31)


def parse(spec):
    rows = {}
    for line in spec.strip().splitlines():
        if not line.strip():
            continue
        name, method, *outcomes = line.split()
        assert len(outcomes) == len(VISITORS), line
        rows[(name, method)] = dict(zip(VISITORS, outcomes, strict=True))
    return rows


ROWS = parse(SPEC)


# The world ------------------------------------------------------------------------------

class World:
    """A's objects (the targets of every URL) and the visitors."""

    def __init__(self):
        self.lead_body = LeadBodyFactory()
        self.standard = StandardFactory(code="EC0217", level=3, lead_body=self.lead_body)
        unit = UnitFactory(standard=self.standard, code="E0001")
        self.criteria = [
            CriterionFactory(unit=unit, kind="performance", text="Presenta el objetivo.",
                             order=1),
            CriterionFactory(unit=unit, kind="knowledge", text="Técnicas grupales.",
                             bloom_level=2, order=2)]
        self.draft = StandardFactory(code="EC9001", status=Standard.Status.DRAFT,
                                     lead_body=self.lead_body)
        self.draft_unit = UnitFactory(standard=self.draft, code="E0001")

        self.body = AwardingBodyFactory(acronym="CUERPOA")
        self.centre = AssessmentCentreFactory(awarding_body=self.body)
        self.body_accreditation = self._accredit(awarding_body=self.body)
        self.centre_accreditation = self._accredit(centre=self.centre, granted_by=self.body)
        self.users = {
            "assessor": self._assessor(self.centre, "evaluadora-a"),
            "reviewer": member_of(Membership.Role.REVIEWER, "revisora-a",
                                  awarding_body=self.body),
            "body_admin": member_of(Membership.Role.ADMINISTRATOR, "direccion-a",
                                    awarding_body=self.body),
            "committee": member_of(Membership.Role.MEMBER, "comite",
                                   lead_body=self.lead_body),
            "conocer": self._conocer_admin(),
        }
        other = AwardingBodyFactory(acronym="CUERPOB")
        other_centre = AssessmentCentreFactory(awarding_body=other)
        self._accredit(awarding_body=other)
        self._accredit(centre=other_centre, granted_by=other)
        self.users["assessor_b"] = self._assessor(other_centre, "evaluador-b")
        self.users["reviewer_b"] = member_of(Membership.Role.REVIEWER, "revisor-b",
                                             awarding_body=other)
        self.users["anonymous"] = None

        assessor = self.users["assessor"]
        self.candidacy = CandidacyFactory(
            centre=self.centre, person__given_names="Eulalia", person__first_surname="Zamudio",
            person__second_surname="Quintanar")
        self.assessment = assessments.start_assessment(
            actor=assessor, candidacy=self.candidacy, standard=self.standard)
        self.evidence = assessments.add_evidence(
            actor=assessor, assessment_id=self.assessment.pk,
            uploaded=SimpleUploadedFile("acta.pdf", b"%PDF-1.4 evidencia",
                                        content_type="application/pdf"))
        self.request = self._submitted_request(assessor)
        holder = PersonFactory(given_names="Leocadia", first_surname="Villaseñor",
                               second_surname="Ortuño", public_registry_opt_in=True)
        self.certificate = CertificateFactory(holder=holder, standard=self.standard,
                                              centre=self.centre)
        self.private_marks = [self.candidacy.person.curp, "Zamudio", holder.curp]
        self._import_jobs(assessor)
        self.correction = corrections.request_correction(
            person=holder, certificate_id=self.certificate.pk,
            changes={"first_surname": "Villasenor"}, reason="Mi acta no lleva eñe.",
            attachment=SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta",
                                          content_type="application/pdf"))

    def _import_jobs(self, assessor):
        """A's centre's file of candidates and CONOCER's file of certificates, checked."""
        from certification.assessment.services import imports as candidate_imports
        from certification.issuance.services import imports as certificate_imports

        person = PersonFactory.build()
        self.private_marks.append(person.curp)
        self.candidate_job = candidate_imports.check_candidate_file(
            actor=assessor, uploaded=SimpleUploadedFile("candidatos.csv", (
                "CURP,Nombre,Primer apellido,Estándar,Aviso de privacidad\n"
                f"{person.curp},Abundia,Quiroz,{self.standard.code},sí\n").encode()))
        self.certificate_job = certificate_imports.check_certificate_file(
            actor=self.users["conocer"], uploaded=SimpleUploadedFile("historicos.csv", (
                "Folio,CURP,Nombre,Primer apellido,Estándar,ECE,Fecha de emisión\n"
                f"D-0009441521,{person.curp},Abundia,Quiroz,{self.standard.code},"
                f"{self.body.pk},2009-03-31\n").encode()))

    def _accredit(self, **holder):
        return AccreditationFactory(standard=self.standard, valid_from=VALID_FROM,
                                    valid_until=VALID_UNTIL,
                                    **{"awarding_body": None, **holder})

    def _assessor(self, centre, username):
        user = UserFactory(username=username)
        assessor = AssessorFactory(user=user, centre=centre, awarding_body=centre.awarding_body)
        self._accredit(assessor=assessor, granted_by=centre.awarding_body)
        Membership.objects.create(user=user, role=Membership.Role.ASSESSOR, centre=centre)
        return user

    def _conocer_admin(self):
        user = UserFactory(username="conocer", is_staff=True)
        user.groups.add(ensure_conocer_group())
        return user

    def _submitted_request(self, assessor) -> CertificateRequest:
        candidacy = CandidacyFactory(centre=self.centre)
        assessment = assessments.start_assessment(actor=assessor, candidacy=candidacy,
                                                  standard=self.standard)
        assessments.record_judgements(
            actor=assessor, assessment_id=assessment.pk,
            judgements={c.pk: (True, "") for c in self.criteria})
        assessments.submit_assessment(actor=assessor, assessment_id=assessment.pk,
                                      verdict="competent")
        self.private_marks_of_request = candidacy.person.curp
        return CertificateRequest.objects.get(assessment=assessment)

    def pdf(self):
        from certification.issuance.tasks import render_certificate_pdf

        render_certificate_pdf(self.certificate.pk)
        self.certificate.refresh_from_db()


def _folio(world):
    return {"folio": world.certificate.folio}


def _qualification(world):
    """A published qualification of A's standard and another (made on first use, before
    any visitor's savepoint)."""
    if not hasattr(world, "qualification"):
        world.qualification = StandardFactory(kind=Standard.Kind.QUALIFICATION, code="CQ0001",
                                              lead_body=world.lead_body)
        world.qualification.components.set([world.standard, StandardFactory()])
    return world.qualification


def _qualification_review(world):
    """A's certificate as the unit of a qualification certificate flagged for review."""
    if not hasattr(world, "review"):
        from certification.issuance.models import QualificationReview

        qualification = StandardFactory(code="CQ1217", kind=Standard.Kind.QUALIFICATION)
        earned = CertificateFactory(holder=world.certificate.holder, standard=qualification,
                                    centre=None, awarding_body=world.body,
                                    units=[unit_claims(world.certificate)])
        world.review = QualificationReview.objects.create(
            certificate=earned, unit_certificate=world.certificate, reason="Prueba.")
    return {"pk": world.review.pk}


def _recognition(world):
    """A foreign system, an equivalence and a request, made the first time a URL needs
    them."""
    if not hasattr(world, "recognition"):
        from certification.recognition.models import Equivalence, ForeignSystem
        from certification.recognition.services import requests as recognition

        system = ForeignSystem.objects.create(name="Servicio Nacional de Aprendizaje",
                                              acronym="SENA", country="CO")
        equivalence = Equivalence.objects.create(
            system=system, foreign_code="230101", foreign_title="Instructor",
            standard=world.standard, kind="full", valid_from=VALID_FROM)
        request = recognition.submit_request(
            actor=None, privacy_consent=True, system=system, foreign_code="CO-1",
            foreign_issued_on=VALID_FROM, equivalence=equivalence,
            uploaded=SimpleUploadedFile("cert.pdf", b"%PDF-1.4 certificado",
                                        content_type="application/pdf"),
            id_document_type="passport", id_document_number="G7654321",
            id_document_country="CO", nationality="CO", given_names="Yuliana",
            first_surname="Cárdenas", birth_date=datetime.date(1988, 1, 9))
        world.recognition = {"system": system, "equivalence": equivalence,
                             "request": request}
    return world.recognition


# name → (kwargs of the URL, data posted, needs the PDF)
TARGETS = {
    **{f"recognition:{name}": lambda w: {"pk": _recognition(w)["request"].pk}
       for name in ("detail", "file")},
    "recognition:system_edit": lambda w: {"pk": _recognition(w)["system"].pk},
    "recognition:equivalence_edit": lambda w: {"pk": _recognition(w)["equivalence"].pk},
    "api:recognition-system-detail": lambda w: {"pk": _recognition(w)["system"].pk},
    "api:recognition-equivalence-detail": lambda w: {"pk": _recognition(w)["equivalence"].pk},
    "standards:detail": lambda w: {"code": w.standard.code},
    "standards:detail/draft": lambda w: {"code": w.draft.code},
    "standards:edit": lambda w: {"code": w.draft.code},
    "standards:new_version": lambda w: {"code": w.standard.code},
    "standards:unit_create": lambda w: {"code": w.draft.code},
    "standards:unit_edit": lambda w: {"code": w.draft.code, "unit_id": w.draft_unit.pk},
    "standards:unit_delete": lambda w: {"code": w.draft.code, "unit_id": w.draft_unit.pk},
    "standards:transition": lambda w: {"code": w.draft.code, "name": "submit"},
    "bodies:body": lambda w: {"pk": w.body.pk},
    "bodies:accredit_centre": lambda w: {"pk": w.body.pk},
    "bodies:accredit_assessor": lambda w: {"pk": w.body.pk},
    "bodies:accredit_body": lambda w: {"pk": w.body.pk},
    "bodies:decide": lambda w: {"accreditation_id": w.centre_accreditation.pk},
    "verification:verify_folio": _folio,
    "verification:public_pdf": _folio,
    "verification:credential": _folio,
    "verification:scanned": lambda w: {"token": w.certificate.qr_token},
    "assessment:assessment": lambda w: {"pk": w.assessment.pk},
    "assessment:save_judgements": lambda w: {"pk": w.assessment.pk},
    "assessment:autosave_judgement": lambda w: {"pk": w.assessment.pk,
                                                "criterion_id": w.criteria[0].pk},
    "assessment:upload_evidence": lambda w: {"pk": w.assessment.pk},
    "assessment:submit_assessment": lambda w: {"pk": w.assessment.pk},
    "assessment:evidence_file": lambda w: {"pk": w.evidence.pk},
    "assessment:remove_evidence": lambda w: {"pk": w.evidence.pk},
    "issuance:request_detail": lambda w: {"pk": w.request.pk},
    "issuance:approve": lambda w: {"pk": w.request.pk},
    "issuance:reject": lambda w: {"pk": w.request.pk},
    "issuance:release": lambda w: {"pk": w.request.pk},
    "issuance:certificate": _folio,
    "issuance:certificate_pdf": _folio,
    "issuance:withdraw": _folio,
    "issuance:reissue": _folio,
    **{f"issuance:correction_{name}": lambda w: {"pk": w.correction.pk}
       for name in ("detail", "attachment", "reissue", "refuse")},
    "issuance:holder_unsubscribe": lambda w: {"token": "sin-firma"},
    "issuance:qualification_review_decide": _qualification_review,
    "dashboards:body": lambda w: {"pk": w.body.pk},
    "dashboards:body_csv": lambda w: {"pk": w.body.pk, "key": "by_assessor"},
    "dashboards:centre": lambda w: {"pk": w.centre.pk},
    "dashboards:centre_csv": lambda w: {"pk": w.centre.pk, "key": "rejection_reasons"},
    "dashboards:lead_body": lambda w: {"pk": w.lead_body.pk},
    "dashboards:lead_body_csv": lambda w: {"pk": w.lead_body.pk, "key": "by_standard"},
    "dashboards:conocer_csv": lambda w: {"key": "waiting_per_body"},
    **{f"issuance:import_{name}": lambda w: {"pk": w.certificate_job.pk}
       for name in ("job", "start", "progress", "problems")},
    **{f"assessment:import_{name}": lambda w: {"pk": w.candidate_job.pk}
       for name in ("job", "start", "progress", "problems")},
    "standards:subscribe": lambda w: {"code": w.standard.code},
    "standards:confirm_subscription": lambda w: {"token": "sin-token"},
    "standards:unsubscribe": lambda w: {"token": "sin-firma"},
    "api:verify": _folio,
    **{f"holders:{name}": _folio for name in (
        "certificate", "certificate_pdf", "credential", "linkedin", "create_share_link",
        "request_correction")},
    **{f"holders:{name}": lambda w: {"token": "x" * 43} for name in (
        "open_link", "confirm_email", "shared")},
    "holders:revoke_share_link": lambda w: {"pk": 1},
    "holders:candidate_access": lambda w: {"pk": w.candidacy.pk},
    "api:standard-detail": lambda w: {"code": w.standard.code},
    "qualifications:detail": lambda w: {"code": _qualification(w).code},
    "api:qualification-detail": lambda w: {"code": _qualification(w).code},
    "api:awarding-body-detail": lambda w: {"pk": w.body.pk},
    "api:centre-detail": lambda w: {"pk": w.centre.pk},
    "api:stats-table": lambda w: {"key": "by_year"},
    "statistics:table_csv": lambda w: {"key": "by_year"},
    "statistics:dataset_csv": lambda w: {"slug": "centros-de-evaluacion"},
    "statistics:dataset_json": lambda w: {"slug": "centros-de-evaluacion"},
}
# What the forms post: enough to reach the permission check with real-looking input.
DATA = {
    "set_language": lambda w: {"language": "en", "next": "/"},
    "login": lambda w: {"username": "nadie", "password": "incorrecta"},
    "accounts:enrol": lambda w: {"code": "123456"},
    "accounts:verify": lambda w: {"code": "123456"},
    "issuance:approve_selected": lambda w: {"request": [w.request.pk]},
    "issuance:reject": lambda w: {"reason": "Evidencia insuficiente."},
    "issuance:correction_refuse": lambda w: {"reason": "El acta dice Villaseñor."},
    "issuance:qualification_review_decide": lambda w: {"outcome": "revoke",
                                                       "note": "Prueba de permisos."},
    "standards:subscribe": lambda w: {"email": "aviso@example.mx"},
    "issuance:withdraw": lambda w: {"status": "revoked", "reason": "Prueba de permisos."},
    "bodies:decide": lambda w: {"decision": "suspend", "reason": "Prueba de permisos."},
    "verification:holder_lookup": lambda w: {"curp": w.certificate.holder.curp},
    "assessment:upload_evidence": lambda w: {
        "file": SimpleUploadedFile("otra.pdf", b"%PDF-1.4 x", content_type="application/pdf")},
    "assessment:autosave_judgement": lambda w: {"met": "true", "note": ""},
    "assessment:submit_assessment": lambda w: {"verdict": "competent"},
    "issuance:import_start": lambda w: {"confirmed": "yes"},
    "assessment:import_start": lambda w: {"confirmed": "yes"},
    "holders:sign_in": lambda w: {"email": "nadie@example.mx"},
    "holders:sign_in_code": lambda w: {"identity": w.certificate.holder.curp,
                                       "code": "AAAA-BBBB-CCCC"},
    "holders:confirm_email": lambda w: {"identity": w.certificate.holder.curp},
    "holders:registry_choice": lambda w: {"appear": "no"},
    "holders:create_share_link": lambda w: {"days": 7},
    "holders:subscription": lambda w: {"standard": w.standard.pk, "subscribed": "no"},
    "holders:candidate_access": lambda w: {"action": "email", "email": "otra@example.mx"},
}
NEEDS_PDF = {"verification:public_pdf", "issuance:certificate_pdf",
             "verification:document_check"}


def url_of(name, world):
    base, _, variant = name.partition("/")
    kwargs = TARGETS.get(name, TARGETS.get(base, lambda w: {}))(world)
    if variant == "json":
        kwargs["format"] = "json"
    return reverse(base, kwargs=kwargs)


def data_of(name, world):
    if name == "verification:document_check":
        return {"document": io.BytesIO(world.certificate_pdf_bytes)}
    return DATA.get(name, lambda w: {})(world)


# The checks -----------------------------------------------------------------------------

def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _first_hop(response) -> tuple[int, str]:
    """The status and redirect target of the first answer (requests follow redirects, so
    that a message shown on the next page is read too)."""
    chain = getattr(response, "redirect_chain", None)
    if chain:
        return chain[0][1], chain[0][0]
    return response.status_code, response.get("Location", "")


def _to_login(response) -> bool:
    status, location = _first_hop(response)
    return status == 302 and location.startswith((reverse("login"), reverse("admin:login")))


def _to_holder_sign_in(response) -> bool:
    status, location = _first_hop(response)
    return status == 302 and location.startswith(reverse("holders:sign_in"))


def verdict(expected, response, world) -> str | None:
    """None when the response is what the row expects, else what was wrong."""
    status, _location = _first_hop(response)
    if response.status_code >= 500:
        return f"server error {status}"
    body = _body(response)
    shown = [mark for mark in world.private_marks if mark in body]
    if expected == "login":
        return None if _to_login(response) and not shown else f"{status}, not the login"
    if expected == "hold":
        return None if _to_holder_sign_in(response) and not shown else (
            f"{status}, not the holder's sign-in")
    if expected == "no":
        if status not in (403, 404) or response.redirect_chain:
            return f"{status}, not refused"
        return f"refused but shows {shown}" if shown else None
    if status in (401, 403, 404, 405) or _to_login(response):
        return f"{status}, refused"
    if expected == "blind" and shown:
        return f"shows {shown}"
    return None


def walk_patterns(resolver=None, namespace=""):
    """(qualified name, pattern) of every URL pattern the project serves."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or '(unnamed)'}", str(pattern.pattern)


def test_every_url_pattern_has_a_row_in_the_matrix():
    named = {name.partition("/")[0] for name, _method in ROWS}
    missing = sorted({f"{name} {pattern}" for name, pattern in walk_patterns()
                      if not name.startswith("admin:") and name not in named})
    assert missing == []


def test_every_row_of_the_matrix_is_a_url_that_exists():
    served = {name for name, _pattern in walk_patterns()}
    assert {name.partition("/")[0] for name, _m in ROWS} - served == set()


@pytest.fixture
def world(client):
    cache.clear()  # the rate limits count per test, not across the suite
    return World()


@pytest.mark.parametrize(("name", "method"), sorted(ROWS))
def test_each_visitor_gets_what_the_matrix_says(client, world, name, method):
    if name in NEEDS_PDF:
        world.pdf()
        from django.core.files.storage import default_storage
        with default_storage.open(world.certificate.pdf.name, "rb") as handle:
            world.certificate_pdf_bytes = handle.read()
    wrong = {}
    for visitor, expected in ROWS[(name, method)].items():
        client.logout()
        if world.users[visitor] is not None:
            client.force_login(world.users[visitor])
        url = url_of(name, world)
        sid = transaction.savepoint()
        try:
            if method == "GET":
                response = client.get(url, follow=True)
            else:
                response = client.post(url, data_of(name, world), follow=True)
            problem = verdict(expected, response, world)
            if problem is None and method == "POST" and expected in ("no", "login", "hold"):
                problem = _changed(name, world)
        finally:
            transaction.savepoint_rollback(sid)
        if problem:
            wrong[visitor] = f"expected {expected}: {problem}"
    assert wrong == {}, f"{method} {name}"


def _changed(name, world) -> str | None:
    """A refused POST must have changed nothing (checked on what the rows can change)."""
    request = CertificateRequest.objects.get(pk=world.request.pk)
    if request.status != world.request.status:
        return f"refused, yet the request became {request.status}"
    accreditation = Accreditation.objects.get(pk=world.centre_accreditation.pk)
    if accreditation.status != world.centre_accreditation.status:
        return f"refused, yet the accreditation became {accreditation.status}"
    world.certificate.refresh_from_db()
    if world.certificate.status != "valid":
        return f"refused, yet the certificate became {world.certificate.status}"
    return None


# The admin: shown to CONOCER staff only -------------------------------------------------

ADMIN_PAGES = [(model._meta.app_label, model._meta.model_name)
               for model in admin.site._registry]


@pytest.mark.parametrize(("app_label", "model_name"), sorted(ADMIN_PAGES))
def test_the_admin_pages_of_each_model_open_only_for_conocer_staff(client, world, app_label,
                                                                   model_name):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    wrong = {}
    for visitor, user in world.users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if visitor == "conocer":
            if response.status_code != 200:
                wrong[visitor] = response.status_code
        elif not _to_login(response):
            wrong[visitor] = response.status_code
    assert wrong == {}
