"""The demo's awarding bodies, centres and assessors, and the accreditation chain, built
through bodies.services: CONOCER registers and accredits the bodies; each body registers
and accredits its centres and, once the registry shows they hold the certificates an
assessor needs, its assessors."""

import datetime
import random

from bodies import services
from bodies.models import Accreditation, AssessmentCentre, Assessor, AwardingBody
from standards.models import Standard

from .catalogue import at
from .data import AWARDING_BODIES, CENTRE_CONTACTS, CENTRES
from .people import random_person

ACCREDITED_FROM = {"body": datetime.date(2023, 1, 9), "centre": datetime.date(2023, 2, 6),
                   "assessor": datetime.date(2023, 3, 6)}
REVIEWERS = ["ece", "ece-ideft", "ece-cerlan"]


def rng_for(*key) -> random.Random:
    return random.Random("demo-" + "-".join(map(str, key)))


class Organisations:
    def __init__(self, loader):
        self.loader = loader
        self.today = loader.today

    @property
    def admin(self):
        return self.loader.admin

    def load(self):
        weights = self.loader.catalogue.weights
        self.bodies = [self.body(data) for data in AWARDING_BODIES]
        self.reviewers = {body.pk: self.loader.users.reviewer_of(body, REVIEWERS[i])
                          for i, body in enumerate(self.bodies)}
        self.centres = [self.centre(code, self.bodies[b], name, state, municipality)
                        for code, b, name, state, municipality in CENTRES]
        published = list(Standard.objects.competence_standards().filter(
            status=Standard.Status.PUBLISHED).order_by("code"))
        self.used = [s for s in published if weights.get(s.code)]
        unused = [s for s in published if not weights.get(s.code)]
        self.scope = {}
        for i, body in enumerate(self.bodies):
            self.scope[body.pk] = self.used + rng_for("scope", i).sample(
                unused, min(len(unused), 4 + i))
            self.accredit_body(body, self.scope[body.pk])
        for centre in self.centres:
            for standard in self.scope[centre.awarding_body_id]:
                if weights.get(standard.code):
                    self.accredit(standard, centre=centre, days_left=600)
        self.assessors = [self.assessor(i) for i in range(12)]

    def body(self, data) -> AwardingBody:
        body = AwardingBody.objects.filter(name=data["name"]).first()
        if body is None:
            with at(ACCREDITED_FROM["body"] - datetime.timedelta(days=30)):
                body = services.register_awarding_body(actor=self.admin,
                                                       awarding_body=AwardingBody(**data))
        return body

    def centre(self, code, body, name, state, municipality) -> AssessmentCentre:
        street, postal_code, phone, website = CENTRE_CONTACTS[code]
        contact = {"street": street, "postal_code": postal_code, "phone": phone,
                   "website": website, "email": f"{code.lower()}@centros.example.mx"}
        centre = AssessmentCentre.objects.filter(code=code).first()
        if centre is None:
            with at(ACCREDITED_FROM["centre"] - datetime.timedelta(days=14)):
                centre = services.register_centre(
                    actor=self.reviewers[body.pk], centre=AssessmentCentre(
                        awarding_body=body, code=code, name=name, state=state,
                        municipality=municipality, **contact))
        elif any(getattr(centre, field) != value for field, value in contact.items()):
            # A registry loaded before centres had addresses gets them on the next load.
            for field, value in contact.items():
                setattr(centre, field, value)
            centre = services.register_centre(actor=self.reviewers[body.pk], centre=centre)
        return centre

    def accredit_body(self, body, standards):
        missing = [s for s in standards if not Accreditation.objects.filter(
            awarding_body=body, standard=s).exists()]
        if missing:
            with at(ACCREDITED_FROM["body"]):
                services.accredit_awarding_body(
                    actor=self.admin, awarding_body=body, standards=missing,
                    valid_from=ACCREDITED_FROM["body"],
                    valid_until=self.today + datetime.timedelta(days=900))

    def accredit(self, standard, *, days_left, centre=None, assessor=None):
        """Accreditations end relative to today, so the demo's warnings stay meaningful."""
        holder = centre or assessor
        existing = Accreditation.objects.filter(standard=standard, centre=centre,
                                                assessor=assessor).first()
        if existing is not None:
            return existing
        kind = "centre" if centre else "assessor"
        grant = services.grant_accreditation if centre else services.accredit_assessor
        with at(ACCREDITED_FROM[kind]):
            return grant(actor=self.reviewers[holder.awarding_body_id], standard=standard,
                         valid_from=ACCREDITED_FROM[kind],
                         valid_until=self.today + datetime.timedelta(days=days_left),
                         **{kind: holder})

    def assessor_person(self, i) -> dict:
        centre = self.centres[i % len(self.centres)] if i < 10 else None
        body = centre.awarding_body if centre else self.bodies[i % len(self.bodies)]
        return {"centre": centre, "body": body, "state": centre.state if centre else body.state,
                "person": random_person(rng_for("assessor", i),
                                        state=centre.state if centre else body.state,
                                        homonym=500 + i)}

    def assessed_standards(self, i, body) -> list[Standard]:
        """Four standards of the body's scope an assessor assesses, the most used the
        likeliest (besides EC0076, which every assessor holds)."""
        weights = self.loader.catalogue.weights
        rng = rng_for("assessor", i, "standards")
        used = [s for s in self.scope[body.pk] if weights.get(s.code) and s.code != "EC0076"]
        assessed = []
        while len(assessed) < 4:
            pick = rng.choices(used, [weights[s.code] for s in used])[0]
            if pick not in assessed:
                assessed.append(pick)
        return assessed

    def assessor(self, i) -> Assessor:
        facts = self.assessor_person(i)
        person, body, centre = facts["person"], facts["body"], facts["centre"]
        assessor = Assessor.objects.filter(curp=person["curp"]).first()
        full_name = " ".join([person["given_names"], person["first_surname"],
                              person["second_surname"]])
        if assessor is None:
            with at(ACCREDITED_FROM["assessor"] - datetime.timedelta(days=7)):
                assessor = services.register_assessor(
                    actor=self.reviewers[body.pk], assessor=Assessor(
                        full_name=full_name, curp=person["curp"], awarding_body=body,
                        centre=centre, state=facts["state"], email=f"evaluador{i + 1}@example.mx",
                        user=self.loader.users.assessor_account(i, full_name)))
        if centre is not None:
            self.loader.users.role(assessor.user, "assessor", centre=centre)
        # They hold EC0076 and what they assess: imported from the previous registry.
        assessed = self.assessed_standards(i, body)
        self.loader.history.import_assessor_certificates(i, assessor, person, body, centre,
                                                         assessed)
        for n, standard in enumerate(assessed):
            # Two assessors have an accreditation about to expire: the warning list.
            self.accredit(standard, assessor=assessor,
                          days_left=45 if i in (2, 5) and n == 3 else 420)
        return assessor

    def suspend_centre(self):
        """One centre under suspension for one standard: its submitted work waits."""
        centre = self.centres[7]
        accreditation = Accreditation.objects.filter(
            centre=centre, standard__code="EC0172").first() or self.accredit(
            Standard.objects.get(code="EC0172"), centre=centre, days_left=600)
        if accreditation.status == Accreditation.Status.ACTIVE:
            services.suspend_accreditation(
                actor=self.reviewers[centre.awarding_body_id], accreditation=accreditation,
                reason="Visita de verificación externa con hallazgos pendientes de atender.")
