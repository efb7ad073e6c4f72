"""Load the demo registry: standards, bodies, people, assessments and certificates.

Deterministic and idempotent: every row is looked up by a natural key before it
is created, so a second run adds nothing. Each entity draws from its own seeded
random generator, so skipping what exists never shifts what comes after.
"""

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bodies.models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership
from certification import pdfsign, signing
from certification.folio import new_folio
from certification.models import (
    Assessment,
    Candidate,
    Certificate,
    CertificateRequest,
    Judgement,
)
from certification.services import refresh_standard_usage, sign_unsigned_certificates
from standards.models import Criterion, LeadBody, LevelDescriptor, Sector, Standard, Unit

from .people import random_person

DEMO_PASSWORD = "conocer-demo"  # noqa: S105 (documented demo password, never in production)
DATA = Path(__file__).with_name("standards.json")

LEVELS = {
    1: "Un conjunto pequeño de actividades de trabajo variadas; predominan las actividades "
       "rutinarias y predecibles.",
    2: "Un conjunto significativo de actividades de trabajo variadas en diversos contextos; "
       "algunas complejas o no rutinarias; baja responsabilidad y autonomía; a menudo en "
       "colaboración con otros.",
    3: "Un amplio conjunto de actividades variadas en una amplia variedad de contextos, la "
       "mayoría complejas y no rutinarias; considerable responsabilidad y autonomía; a menudo "
       "controla u orienta a otros.",
    4: "Un amplio conjunto de actividades técnicas o profesionales complejas en diversos "
       "contextos; alta responsabilidad y autonomía personal; responsable del trabajo de "
       "otros; ocasionalmente asigna recursos.",
    5: "Aplica principios fundamentales y técnicas complejas en contextos amplios y a menudo "
       "impredecibles; gran autonomía; con frecuencia asigna recursos; responsable de "
       "análisis, diagnóstico, diseño, planeación, ejecución y evaluación.",
}

AWARDING_BODIES = [
    {"name": "Colegio Nacional de Educación Profesional Técnica", "acronym": "CONALEP",
     "kind": "ECE", "state": "MEX", "city": "Metepec", "email": "certificacion@conalep.example.mx"},
    {"name": "Instituto de Capacitación para el Trabajo del Estado de Jalisco",
     "acronym": "IDEFT Jalisco", "kind": "ECE", "state": "JAL", "city": "Guadalajara",
     "email": "competencias@ideft.example.mx"},
    {"name": "Certificación Laboral del Noreste, A.C.", "acronym": "CERLAN", "kind": "OC",
     "state": "NLE", "city": "Monterrey", "email": "contacto@cerlan.example.mx"},
]
CENTRES = [
    ("CE-CONALEP-MEX-01", 0, "CONALEP Plantel Toluca", "MEX", "Toluca"),
    ("CE-CONALEP-CMX-02", 0, "CONALEP Plantel Azcapotzalco", "CMX", "Azcapotzalco"),
    ("CE-CONALEP-PUE-03", 0, "CONALEP Plantel Puebla II", "PUE", "Puebla"),
    ("CE-IDEFT-JAL-01", 1, "Centro de Evaluación IDEFT Zapopan", "JAL", "Zapopan"),
    ("CE-IDEFT-JAL-02", 1, "Centro de Evaluación IDEFT Tlaquepaque", "JAL",
     "San Pedro Tlaquepaque"),
    ("CE-CERLAN-NLE-01", 2, "Centro de Evaluación Cumbres", "NLE", "Monterrey"),
    ("CE-CERLAN-YUC-02", 2, "Centro de Evaluación Península", "YUC", "Mérida"),
    ("CE-CERLAN-OAX-03", 2, "Centro de Evaluación Valles Centrales", "OAX", "Oaxaca de Juárez"),
]
FOREIGN_CANDIDATES = [
    ("passport", "G41873920", "GT", "Marvin Estuardo", "Ajú", "Coyoy", "1991-05-14"),
    ("passport", "E12903477", "HN", "Keila Yolibeth", "Maradiaga", "Reyes", "1988-11-02"),
    ("consular_id", "MC-0459281", "US", "Juan Pablo", "Lara", "Ochoa", "1979-02-19"),
    ("passport", "155483021", "VE", "Andreína", "Castellanos", "Pérez", "1995-08-30"),
    ("foreign_id", "1023456789", "CO", "Yeison Andrés", "Murillo", "Palacios", "1993-04-07"),
]


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout

    @staticmethod
    def rng_for(*key) -> random.Random:
        return random.Random("demo-" + "-".join(map(str, key)))

    def folio_for(self, *key) -> str:
        return new_folio(choice=self.rng_for("folio", *key).choice)

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    @transaction.atomic
    def run(self) -> dict:
        data = json.loads(DATA.read_text(encoding="utf-8"))
        self.load_levels()
        self.load_standards(data)
        self.load_bodies()
        self.load_people()
        self.load_work()
        self.load_legacy_certificates()
        self.load_users()
        refresh_standard_usage()
        self.sign_certificates()
        return self.counts()

    def sign_certificates(self):
        """Demo keys (created on first load) sign every demo certificate."""
        if not (signing.keys_dir() / "active").exists():
            signing.create_key()
        pdfsign.ensure_development_certificate(signing.keys_dir())
        sign_unsigned_certificates()

    def counts(self) -> dict:
        return {
            "standards": Standard.objects.count(),
            "awarding_bodies": AwardingBody.objects.count(),
            "centres": AssessmentCentre.objects.count(),
            "assessors": Assessor.objects.count(),
            "candidates": Candidate.objects.count(),
            "assessments": Assessment.objects.count(),
            "certificates": Certificate.objects.count(),
        }

    # Standards ------------------------------------------------------------------
    def load_levels(self):
        for level, text in LEVELS.items():
            LevelDescriptor.objects.update_or_create(level=level, defaults={"descriptor": text})

    def load_standards(self, data):
        sectors = {
            s["code"]: Sector.objects.update_or_create(
                code=s["code"], defaults={"name": s["name"], "scian_code": s["scian_code"]}
            )[0]
            for s in data["sectors"]
        }
        lead_bodies = {
            lb["code"]: LeadBody.objects.update_or_create(
                code=lb["code"],
                defaults={"name": lb["name"], "sector": sectors[lb["sector"]],
                          "registered_on": datetime.date(2005, 1, 1)},
            )[0]
            for lb in data["lead_bodies"]
        }
        self.weights = {}
        for item in data["standards"]:
            published = item["dof_published_on"]
            published = datetime.date.fromisoformat(published) if published else None
            until = None
            if published and item.get("valid_years"):
                until = published.replace(year=published.year + item["valid_years"])
            standard, created = Standard.objects.get_or_create(
                code=item["code"],
                defaults={
                    "legacy_code": item.get("legacy_code", ""),
                    "title": item["title"],
                    "purpose": item["purpose"],
                    "level": item["level"],
                    "sector": sectors[item["sector"]],
                    "lead_body": lead_bodies[item["lead_body"]],
                    "generation": item.get("generation", 4),
                    "assessment_instrument": item.get("assessment_instrument", ""),
                    "dof_published_on": published,
                    "valid_from": published,
                    "valid_until": until,
                    "fee": Decimal(item["fee"]),
                    "status": item["status"],
                    "withdrawn_reason": item.get("withdrawn_reason", ""),
                },
            )
            self.weights[standard.code] = item.get("usage_weight", 0)
            if created:
                self.load_structure(standard, item["units"])
        for item in data["standards"]:
            if item.get("supersedes"):
                Standard.objects.filter(code=item["code"], supersedes__isnull=True).update(
                    supersedes=Standard.objects.get(code=item["supersedes"])
                )
        self.log(f"  standards: {Standard.objects.count()}")

    def load_structure(self, standard, units):
        for u_order, unit_data in enumerate(units, start=1):
            unit = Unit.objects.create(standard=standard, code=unit_data["code"],
                                       title=unit_data["title"], order=u_order)
            Criterion.objects.bulk_create(
                Criterion(unit=unit, kind=c["kind"], text=c["text"], order=c_order,
                          bloom_level=c.get("bloom_level") if c["kind"] == "knowledge" else None)
                for c_order, c in enumerate(unit_data["criteria"], start=1)
            )

    # Bodies ---------------------------------------------------------------------
    def load_bodies(self):
        self.bodies = [
            AwardingBody.objects.update_or_create(name=b["name"], defaults=b)[0]
            for b in AWARDING_BODIES
        ]
        self.centres = [
            AssessmentCentre.objects.update_or_create(
                code=code,
                defaults={"awarding_body": self.bodies[body], "name": name, "state": state,
                          "municipality": municipality,
                          "email": f"{code.lower()}@centros.example.mx"},
            )[0]
            for code, body, name, state, municipality in CENTRES
        ]
        published = list(Standard.objects.filter(status=Standard.Status.PUBLISHED))
        used = [s for s in published if self.weights.get(s.code)]
        unused = [s for s in published if not self.weights.get(s.code)]
        self.scope = {}
        for i, body in enumerate(self.bodies):
            scope = used + self.rng_for("scope", i).sample(unused, min(len(unused), 4 + i))
            self.scope[body.pk] = scope
            for standard in scope:
                self.accredit(standard, awarding_body=body)
        for centre in self.centres:
            for standard in self.scope[centre.awarding_body_id]:
                if self.weights.get(standard.code):
                    self.accredit(standard, centre=centre, granted_by=centre.awarding_body)
        # One centre under suspension for one standard: its submitted work waits.
        suspended = self.accredit(Standard.objects.get(code="EC0172"), centre=self.centres[7],
                                  granted_by=self.centres[7].awarding_body)
        if suspended.status == Accreditation.Status.ACTIVE:
            Accreditation.objects.filter(pk=suspended.pk).update(
                status=Accreditation.Status.SUSPENDED, status_changed_at=timezone.now(),
                status_reason="Visita de verificación externa con hallazgos pendientes de "
                              "atender.")

    def accredit(self, standard, *, days_left=None, **holder):
        """Accreditations run relative to today, so the demo's warnings stay meaningful."""
        key = "-".join(str(getattr(v, "pk", "")) for v in holder.values())
        kind = next(iter(holder))[:2].upper()
        today = timezone.localdate()
        days_left = days_left or {"AW": 900, "CE": 600}.get(kind, 420)
        return Accreditation.objects.get_or_create(
            folio=f"CED-{kind}-{standard.code}-{key}",
            defaults={"standard": standard, "valid_from": today - datetime.timedelta(days=700),
                      "valid_until": today + datetime.timedelta(days=days_left), **holder},
        )[0]

    # People ---------------------------------------------------------------------
    def load_people(self):
        self.candidates = []
        for i in range(300):
            centre = self.centres[i % len(self.centres)]
            rng = self.rng_for("candidate", i)
            person = random_person(rng, state=centre.state, homonym=i)
            candidate, _ = Candidate.objects.get_or_create(
                curp=person["curp"],
                defaults={**{k: v for k, v in person.items() if k != "curp"},
                          "centre": centre, "nationality": "MX",
                          "privacy_consent_at": timezone.now(),
                          "public_registry_opt_in": rng.random() < 0.7},
            )
            self.candidates.append(candidate)
        for doc_type, number, country, given, first, second, born in FOREIGN_CANDIDATES:
            candidate, _ = Candidate.objects.get_or_create(
                id_document_type=doc_type, id_document_number=number, id_document_country=country,
                defaults={"given_names": given, "first_surname": first, "second_surname": second,
                          "birth_date": datetime.date.fromisoformat(born), "nationality": country,
                          "centre": self.centres[len(self.candidates) % len(self.centres)],
                          "privacy_consent_at": timezone.now()},
            )
            self.candidates.append(candidate)
        self.assessors = []
        assessor_standard = Standard.objects.get(code="EC0076")
        for i in range(12):
            centre = self.centres[i % len(self.centres)] if i < 10 else None
            body = centre.awarding_body if centre else self.bodies[i % len(self.bodies)]
            state = centre.state if centre else body.state
            rng = self.rng_for("assessor", i)
            person = random_person(rng, state=state, homonym=500 + i)
            full_name = f"{person['given_names']} {person['first_surname']} " \
                        f"{person['second_surname']}"
            assessor, _ = Assessor.objects.get_or_create(
                curp=person["curp"],
                defaults={"full_name": full_name, "awarding_body": body, "centre": centre,
                          "state": state, "email": f"evaluador{i + 1}@example.mx"},
            )
            self.assessors.append(assessor)
            # Assessors hold EC0076 and the standards they assess, in this very registry.
            as_candidate, _ = Candidate.objects.get_or_create(
                curp=person["curp"],
                defaults={**{k: v for k, v in person.items() if k != "curp"},
                          "centre": centre, "privacy_consent_at": timezone.now(),
                          "public_registry_opt_in": True},
            )
            # Four standards of the body's scope, the most used ones the likeliest.
            used = [s for s in self.scope[body.pk]
                    if self.weights.get(s.code) and s != assessor_standard]
            assessed = []
            while len(assessed) < 4:
                pick = rng.choices(used, [self.weights[s.code] for s in used])[0]
                if pick not in assessed:
                    assessed.append(pick)
            for n, standard in enumerate([assessor_standard, *assessed]):
                if standard != assessor_standard:
                    # Two assessors have an accreditation about to expire: the warning list.
                    self.accredit(standard, assessor=assessor, granted_by=body,
                                  days_left=45 if i in (2, 5) and n == 4 else None)
                if not as_candidate.certificates.filter(standard=standard).exists():
                    Certificate.objects.create(
                        folio=self.folio_for("assessor", i, standard.code), holder=as_candidate,
                        standard=standard, awarding_body=body, centre=centre,
                        issued_on=datetime.date(2022, 3, 1) + datetime.timedelta(days=7 * i),
                    )

    # Assessments, requests, certificates --------------------------------------------
    def load_work(self):
        # Outcome plan: most candidates certified; the rest spread over every state.
        outcomes = (["certified"] * 236 + ["pending"] * 25 + ["draft"] * 20
                    + ["not_yet_competent"] * 12 + ["rejected"] * 6 + ["revoked"] * 3
                    + ["replaced"] * 3)
        for index, candidate in enumerate(self.candidates):
            if candidate.assessments.exists():
                continue
            pool = [a for a in self.assessors if a.centre_id == candidate.centre_id] or [
                a for a in self.assessors
                if a.centre_id is None and a.awarding_body_id == candidate.centre.awarding_body_id
            ]
            rng = self.rng_for("assessment", index)
            offered = sorted({acc.standard for a in pool for acc in
                              a.accreditations.select_related("standard")}, key=lambda s: s.code)
            standard = rng.choices(offered, [self.weights[s.code] for s in offered])[0]
            assessor = rng.choice([a for a in pool
                                   if a.accreditations.filter(standard=standard).exists()])
            self.assess(candidate, standard, assessor, outcomes[index % len(outcomes)], index,
                        rng)

    def assess(self, candidate, standard, assessor, outcome, index, rng):
        started = timezone.make_aware(datetime.datetime(2024, 1, 8, 10)) + datetime.timedelta(
            days=index * 2 + rng.randrange(0, 3))
        competent = outcome not in ("not_yet_competent",)
        submitted = outcome != "draft"
        assessment = Assessment.objects.create(
            candidate=candidate, standard=standard, assessor=assessor, centre=assessor.centre,
            awarding_body=assessor.awarding_body,
            status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
            verdict=("" if not submitted else Assessment.Verdict.COMPETENT if competent
                     else Assessment.Verdict.NOT_YET_COMPETENT),
            feedback="" if competent else "Reforzar el manejo de los criterios de producto; "
                                          "puede solicitar una nueva evaluación.",
            submitted_at=started + datetime.timedelta(days=1) if submitted else None,
        )
        Assessment.objects.filter(pk=assessment.pk).update(started_at=started)
        criteria = list(Criterion.objects.filter(unit__standard=standard))
        judged = criteria if submitted else criteria[: len(criteria) // 2]
        Judgement.objects.bulk_create(
            Judgement(assessment=assessment, criterion=c,
                      met=competent or rng.random() < 0.6,
                      note="" if competent else "Evidencia incompleta.")
            for c in judged
        )
        if not submitted or not competent:
            return
        request = CertificateRequest.objects.create(
            assessment=assessment, awarding_body=assessment.awarding_body,
        )
        CertificateRequest.objects.filter(pk=request.pk).update(
            requested_at=started + datetime.timedelta(days=2))
        if outcome == "pending":
            return
        decided = started + datetime.timedelta(days=5)
        if outcome == "rejected":
            CertificateRequest.objects.filter(pk=request.pk).update(
                status=CertificateRequest.Status.REJECTED, decided_at=decided,
                rejection_reason="El portafolio no incluye la guía de observación firmada.")
            return
        CertificateRequest.objects.filter(pk=request.pk).update(
            status=CertificateRequest.Status.APPROVED, decided_at=decided)
        certificate = Certificate.objects.create(
            folio=self.folio_for("assessment", index), request=request, holder=candidate,
            standard=standard, awarding_body=assessment.awarding_body, centre=assessment.centre,
            issued_on=decided.date(),
        )
        if outcome == "revoked":
            Certificate.objects.filter(pk=certificate.pk).update(
                status=Certificate.Status.REVOKED, status_changed_at=decided
                + datetime.timedelta(days=40),
                status_reason="Se acreditó que la evaluación no se realizó conforme al "
                              "instrumento de evaluación vigente.")
        elif outcome == "replaced":
            Certificate.objects.filter(pk=certificate.pk).update(
                status=Certificate.Status.REPLACED, status_changed_at=decided
                + datetime.timedelta(days=20),
                status_reason="Corrección del nombre de la persona titular.")
            Certificate.objects.create(
                folio=self.folio_for("reissue", index), holder=candidate, standard=standard,
                awarding_body=assessment.awarding_body, centre=assessment.centre,
                issued_on=(decided + datetime.timedelta(days=20)).date(), replaces=certificate,
            )

    def load_legacy_certificates(self):
        """Certificates imported from the previous registry keep their D- folios."""
        legacy = list(Standard.objects.exclude(legacy_code="").order_by("code")[:4])
        for i, standard in enumerate(legacy):
            holder = self.candidates[i * 7]
            Certificate.objects.get_or_create(
                folio=f"D-{9441521 + i:010d}",
                defaults={"holder": holder, "standard": standard,
                          "awarding_body": self.bodies[0],
                          "issued_on": datetime.date(2009, 6, 15) + datetime.timedelta(days=i)},
            )

    # Users ----------------------------------------------------------------------
    def load_users(self):
        User = get_user_model()

        def user(username, **fields):
            account, created = User.objects.get_or_create(username=username, defaults=fields)
            if created:
                account.set_password(DEMO_PASSWORD)
                account.save()
            return account

        user("admin", is_staff=True, is_superuser=True, first_name="Administración",
             last_name="CONOCER", email="admin@conocer.example.mx")
        evaluador = user("evaluador", first_name=self.assessors[0].full_name.split()[0],
                         email="evaluador@example.mx")
        Assessor.objects.filter(pk=self.assessors[0].pk, user__isnull=True).update(user=evaluador)
        Membership.objects.get_or_create(user=evaluador, role=Membership.Role.ASSESSOR,
                                         centre=self.assessors[0].centre)
        ece = user("ece", first_name="Revisión", last_name="CONALEP", email="ece@example.mx")
        for role in (Membership.Role.REVIEWER, Membership.Role.ADMINISTRATOR):
            Membership.objects.get_or_create(user=ece, role=role, awarding_body=self.bodies[0])
        comite = user("comite", first_name="Comité", last_name="Educación",
                      email="comite@example.mx")
        Membership.objects.get_or_create(
            user=comite, role=Membership.Role.MEMBER,
            lead_body=Standard.objects.get(code="EC0076").lead_body,
        )
