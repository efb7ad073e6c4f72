"""Load the demo registry: standards, bodies, people, assessments and certificates.

Everything goes through the services, as it would in a real registry, replaying its
history at the dates it happened (conocer.core.clock): so every demo certificate has the
same trail (assessment, request, approval, issuance) as one issued today, and every
rule the services enforce holds for the demo too.

Idempotent: every entity is looked up by a natural key before it is created, so a
second run adds nothing. Names, CURPs and choices come from seeded random generators,
one per entity, so the same people and stories appear on every machine (folios and
cédula numbers are drawn by the services, at random).
"""

from django.db.models import Count
from django.utils import timezone

from bodies.models import AssessmentCentre, Assessor, AwardingBody
from certification.assessment.models import Assessment, Candidacy, Person
from certification.issuance.models import Certificate
from certification.issuance.services.usage import refresh_standard_usage
from certification.trust import pdfsign, signing
from conocer.core import tasks
from standards.models import Standard

from .catalogue import Catalogue
from .history import History
from .holders import Holders
from .organisations import Organisations
from .recognition import Recognition
from .users import DEMO_PASSWORD, Users

__all__ = ["DEMO_PASSWORD", "DemoLoader"]


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.today = timezone.localdate()
        self.users = Users(self)
        self.catalogue = Catalogue(self)
        self.assessment_lead_body_code = next(
            s["lead_body"] for s in self.catalogue.data["standards"] if s["code"] == "EC0076")
        self.history = History(self)
        self.organisations = Organisations(self)
        self.holders = Holders(self)
        self.recognition = Recognition(self)

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    def run(self) -> dict:
        from django.db import transaction

        self.ensure_keys()
        with transaction.atomic(), tasks.held() as held:
            self.admin = self.users.account(
                "admin", is_staff=True, is_superuser=True, first_name="Administración",
                last_name="CONOCER", email="admin@conocer.example.mx")
            self.catalogue.load()
            self.users.committee_member(Standard.objects.get(code="EC0076").lead_body)
            self.log(f"  standards: {Standard.objects.count()}")
            self.organisations.load()
            self.history.load()
            self.holders.load()
            self.recognition.load()
            self.organisations.suspend_centre()
            refresh_standard_usage()
        # PDFs are rendered when first downloaded (the verify page and the staff page
        # render a missing one, ~90 ms) or by the minute sweep where a worker runs:
        # rendering the ~300 demo PDFs here would add ~30 s to every fresh `make run`.
        self.log(f"  background tasks left to the sweeps: {len(held)}")
        return self.counts()

    def ensure_keys(self):
        """Demo keys (created on first load) sign every demo certificate."""
        if not (signing.keys_dir() / "active").exists():
            signing.create_key()
        pdfsign.ensure_development_certificate(signing.keys_dir())

    def counts(self) -> dict:
        return {
            "standards": Standard.objects.count(),
            "awarding_bodies": AwardingBody.objects.count(),
            "centres": AssessmentCentre.objects.count(),
            "assessors": Assessor.objects.count(),
            "people": Person.objects.count(),
            "candidacies": Candidacy.objects.count(),
            "people_certified_by_two_bodies": Person.objects.annotate(
                bodies=Count("certificates__awarding_body", distinct=True)).filter(
                bodies__gt=1).count(),
            "assessments": Assessment.objects.count(),
            "certificates": Certificate.objects.count(),
        }
