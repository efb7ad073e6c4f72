"""The demo's people and their history, replayed through the services at the dates it
happened: certificates imported from the previous registry; candidates registered at
centres; assessments judged and submitted by the demo assessors; requests approved or
rejected by the demo reviewers; a few certificates later revoked or reissued corrected;
some people certified by two awarding bodies."""

import datetime
import functools
import unicodedata

from django.utils import timezone

from bodies.models import Accreditation
from certification.assessment.models import Person
from certification.assessment.services import assessments, people
from certification.issuance.models import Certificate
from certification.issuance.services import certificates, requests
from conocer.core import clock
from standards.models import Criterion, Standard

from .catalogue import at
from .data import FOREIGN_CANDIDATES
from .organisations import rng_for
from .people import random_person

IMPORTED_ON = datetime.date(2023, 1, 2)  # the previous registry's records came in
FIRST_ASSESSMENT = datetime.datetime(2024, 1, 8, 10, tzinfo=datetime.UTC)
OUTCOMES = (["certified"] * 236 + ["pending"] * 25 + ["draft"] * 20
            + ["not_yet_competent"] * 12 + ["rejected"] * 6 + ["revoked"] * 3
            + ["replaced"] * 3)
FEEDBACK = "Reforzar el manejo de los criterios de producto; puede solicitar una nueva evaluación."
SECOND_BODY_EVERY = 37  # every 37th certified person is later certified elsewhere too


def misspelt(name: str) -> str:
    """How a hurried registration writes a name: accents lost (or two letters swapped)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name)
                    if not unicodedata.combining(c))
    return plain if plain != name else name[:-2] + name[-1] + name[-2]


class History:
    def __init__(self, loader):
        self.loader = loader
        self.legacy_serial = 9441521

    @property
    def admin(self):
        return self.loader.admin

    def import_certificate(self, folio, person, standard, body, centre, issued_on):
        if Certificate.objects.filter(folio=folio).exists():
            return
        with at(IMPORTED_ON):
            certificates.import_certificate(
                actor=self.admin, folio=folio, holder=person, standard=standard,
                awarding_body=body, centre=centre, issued_on=issued_on,
                source="registro anterior (demostración)")

    def import_assessor_certificates(self, i, assessor, person_data, body, centre, assessed):
        with at(IMPORTED_ON):
            person = people.register_person(
                actor=self.admin, nationality="MX", public_registry_opt_in=True,
                **{k: person_data[k] for k in ("curp", "given_names", "first_surname",
                                               "second_surname", "birth_date")})
        for n, standard in enumerate([Standard.objects.get(code="EC0076"), *assessed]):
            self.import_certificate(f"D-{8_000_000 + i * 10 + n:010d}", person, standard, body,
                                    centre, datetime.date(2022, 3, 1)
                                    + datetime.timedelta(days=7 * i))

    # Candidates ----------------------------------------------------------------------

    def candidates(self):
        """Who comes to the demo's centres: 300 people with a CURP, 5 without."""
        centres = self.loader.organisations.centres
        found = []
        for i in range(300):
            centre = centres[i % len(centres)]
            rng = rng_for("candidate", i)
            person = random_person(rng, state=centre.state, homonym=i)
            found.append((centre, {**person, "nationality": "MX",
                                   "public_registry_opt_in": rng.random() < 0.7}))
        for n, (doc_type, number, country, given, first, second, born) in enumerate(
                FOREIGN_CANDIDATES):
            found.append((centres[(300 + n) % len(centres)], {
                "id_document_type": doc_type, "id_document_number": number,
                "id_document_country": country, "given_names": given, "first_surname": first,
                "second_surname": second, "birth_date": datetime.date.fromisoformat(born),
                "nationality": country}))
        return found

    def load(self):
        found = self.candidates()
        # The previous registry certified four of them: their records keep D- folios.
        legacy = list(Standard.objects.exclude(legacy_code="").order_by("code")[:4])
        for n, standard in enumerate(legacy):
            centre, data = found[n * 7]
            with at(IMPORTED_ON):
                person = people.register_person(actor=self.admin, **data)
            self.import_certificate(f"D-{self.legacy_serial + n:010d}", person, standard,
                                    self.loader.organisations.bodies[0], None,
                                    datetime.date(2009, 6, 15) + datetime.timedelta(days=n))
        for index, (centre, data) in enumerate(found):
            outcome = OUTCOMES[index % len(OUTCOMES)]
            self.story(index, centre, data, outcome)
            if outcome == "certified" and index % SECOND_BODY_EVERY == 0:
                self.second_story(index, centre, data)

    # One person's story --------------------------------------------------------------

    def pool(self, centre):
        return [a for a in self.loader.organisations.assessors if a.centre_id == centre.pk]

    @functools.cached_property
    def accredited(self) -> dict[int, set[Standard]]:
        """The standards each demo assessor is accredited for (fixed during the history)."""
        found = {}
        for accreditation in Accreditation.objects.filter(
                assessor__isnull=False, status="active").select_related("standard"):
            found.setdefault(accreditation.assessor_id, set()).add(accreditation.standard)
        return found

    def offered(self, pool):
        return sorted({s for a in pool for s in self.accredited.get(a.pk, ())},
                      key=lambda s: s.code)

    def story(self, index, centre, data, outcome, *, day0=None, key="assessment"):
        """Register, assess and decide one person at one centre; returns the candidacy, or
        None when the demo already holds it."""
        identity = {"curp": data["curp"]} if data.get("curp") else {
            k: data[k] for k in ("id_document_type", "id_document_number",
                                 "id_document_country")}
        if Person.objects.filter(**identity, candidacies__centre=centre).exists():
            return None
        rng = rng_for(key, index)
        pool = self.pool(centre)
        held = set(Certificate.objects.filter(
            **{f"holder__{k}": v for k, v in identity.items()}).values_list(
            "standard__code", flat=True))
        offered = [s for s in self.offered(pool) if s.code not in held]
        weights = self.loader.catalogue.weights
        standard = rng.choices(offered, [weights[s.code] or 0.1 for s in offered])[0]
        assessor = rng.choice([a for a in pool if standard in self.accredited.get(a.pk, ())])
        started = (day0 or FIRST_ASSESSMENT) + datetime.timedelta(
            days=index * 2 + rng.randrange(0, 3))
        typed = dict(data)
        if outcome == "replaced":
            typed["given_names"] = misspelt(data["given_names"])
        with clock_at(started - datetime.timedelta(days=3)):
            candidacy = people.register_candidate(
                actor=assessor.user, centre=centre, privacy_consent=True,
                confirm_duplicate=True, confirm_known=True, **typed)
        with clock_at(started):
            assessment = assessments.start_assessment(actor=assessor.user, candidacy=candidacy,
                                                      standard=standard)
        competent = outcome != "not_yet_competent"
        criteria = list(Criterion.objects.filter(unit__standard=standard).order_by(
            "unit__order", "order"))
        judged = criteria if outcome != "draft" else criteria[: len(criteria) // 2]
        with clock_at(started + datetime.timedelta(hours=1)):
            assessments.record_judgements(
                actor=assessor.user, assessment_id=assessment.pk, judgements={
                    c.pk: (competent or rng.random() < 0.6,
                           "" if competent else "Evidencia incompleta.") for c in judged})
        if outcome == "draft":
            return candidacy
        with clock_at(started + datetime.timedelta(days=1)):
            assessments.submit_assessment(
                actor=assessor.user, assessment_id=assessment.pk,
                verdict="competent" if competent else "not_yet_competent",
                feedback="" if competent else FEEDBACK)
        if outcome in ("not_yet_competent", "pending"):
            return candidacy
        self.decide(assessment, outcome, started, data)
        return candidacy

    def decide(self, assessment, outcome, started, data):
        assessment.refresh_from_db()
        reviewer = self.loader.organisations.reviewers[assessment.awarding_body_id]
        with clock_at(started + datetime.timedelta(days=5)):
            if outcome == "rejected":
                requests.reject_request(
                    actor=reviewer, request_id=assessment.request.pk,
                    reason="El portafolio no incluye la guía de observación firmada.")
                return
            certificate = requests.approve_request(actor=reviewer,
                                                   request_id=assessment.request.pk)
        if outcome == "revoked":
            with clock_at(started + datetime.timedelta(days=45)):
                certificates.withdraw_certificate(
                    actor=reviewer, certificate_id=certificate.pk, status="revoked",
                    reason="Se acreditó que la evaluación no se realizó conforme al "
                           "instrumento de evaluación vigente.")
        elif outcome == "replaced":
            with clock_at(started + datetime.timedelta(days=25)):
                certificates.reissue_certificate(
                    actor=reviewer, certificate_id=certificate.pk,
                    reason="Corrección del nombre de la persona titular.",
                    corrections={name: data[name] for name in
                                 ("given_names", "first_surname", "second_surname")})

    def second_story(self, index, centre, data):
        """The same person, later, at a centre of another awarding body, certified in
        another standard: one national person, two candidacies, two bodies."""
        others = [c for c in self.loader.organisations.centres
                  if c.awarding_body_id != centre.awarding_body_id]
        self.story(index, others[index % len(others)], data, "certified",
                   day0=FIRST_ASSESSMENT + datetime.timedelta(days=200), key="second")


def clock_at(moment: datetime.datetime):
    """Travel to a moment of the demo's history (never past the real now)."""
    return clock.travel_to(min(moment, timezone.now()))
