import datetime
import random

import factory
from django.contrib.auth import get_user_model

from bodies.models import Accreditation, AssessmentCentre, Assessor, AwardingBody, Membership
from certification.assessment.models import Candidacy, Person
from certification.issuance.folio import new_folio
from certification.issuance.models import Certificate
from certification.issuance.services import certificates, statuslist
from conocer.demo.people import random_person
from standards.models import Criterion, LeadBody, Sector, Standard, Unit

_rng = random.Random(7)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"persona{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.mx")
    password = factory.django.Password("una-clave-larga-1")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"Sector {n}")


class LeadBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadBody

    code = factory.Sequence(lambda n: f"CGC-{n:03d}")
    name = factory.Sequence(lambda n: f"Comité de Gestión por Competencias {n}")
    sector = factory.SubFactory(SectorFactory)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    code = factory.Sequence(lambda n: f"EC{n + 1000:04d}")
    title = factory.Sequence(lambda n: f"Atención a comensales en restaurantes {n}")
    purpose = "Servir de referente para la evaluación y certificación de las personas."
    level = 2
    sector = factory.SubFactory(SectorFactory)
    lead_body = factory.SubFactory(LeadBodyFactory, sector=factory.SelfAttribute("..sector"))
    status = Standard.Status.PUBLISHED
    dof_published_on = datetime.date(2020, 3, 2)
    valid_from = datetime.date(2020, 3, 2)
    valid_until = datetime.date(2030, 3, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    standard = factory.SubFactory(StandardFactory)
    code = factory.Sequence(lambda n: f"E{n:04d}")
    title = "Atender a los comensales"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    unit = factory.SubFactory(UnitFactory)
    kind = Criterion.Kind.PERFORMANCE
    text = "Saluda al comensal al llegar a la mesa."


class AwardingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardingBody

    name = factory.Sequence(lambda n: f"Entidad de Certificación {n}, A.C.")
    kind = AwardingBody.Kind.ECE
    state = "JAL"


class AssessmentCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentCentre

    awarding_body = factory.SubFactory(AwardingBodyFactory)
    code = factory.Sequence(lambda n: f"CE-{n:04d}")
    name = factory.Sequence(lambda n: f"Centro de Evaluación {n}")
    state = "JAL"
    municipality = "Zapopan"


def _person(state="JAL"):
    return random_person(_rng, state=state, homonym=_rng.randrange(10))


class AssessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessor
        exclude = ["person"]

    person = factory.LazyFunction(_person)
    full_name = factory.LazyAttribute(lambda a: a.person["given_names"])
    curp = factory.LazyAttribute(lambda a: a.person["curp"])
    centre = factory.SubFactory(AssessmentCentreFactory)
    awarding_body = factory.LazyAttribute(lambda a: a.centre.awarding_body)
    state = "JAL"


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    folio = factory.Sequence(lambda n: f"CED-{n:06d}")
    standard = factory.SubFactory(StandardFactory)
    awarding_body = factory.SubFactory(AwardingBodyFactory)
    valid_from = datetime.date(2025, 1, 1)
    valid_until = datetime.date(2027, 12, 31)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.REVIEWER
    awarding_body = factory.SubFactory(AwardingBodyFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        exclude = ["data"]

    data = factory.LazyFunction(_person)
    curp = factory.LazyAttribute(lambda p: p.data["curp"])
    given_names = factory.LazyAttribute(lambda p: p.data["given_names"])
    first_surname = factory.LazyAttribute(lambda p: p.data["first_surname"])
    second_surname = factory.LazyAttribute(lambda p: p.data["second_surname"])
    birth_date = factory.LazyAttribute(lambda p: p.data["birth_date"])


class CandidacyFactory(factory.django.DjangoModelFactory):
    """A person registered at a centre (`person__given_names=…` names them)."""

    class Meta:
        model = Candidacy

    person = factory.SubFactory(PersonFactory)
    centre = factory.SubFactory(AssessmentCentreFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate as issuance stores it: claims frozen from its rows, its QR token and
    credential signed, a position in the status list."""

    class Meta:
        model = Certificate

    folio = factory.LazyFunction(new_folio)
    holder = factory.SubFactory(PersonFactory)
    standard = factory.SubFactory(StandardFactory)
    centre = factory.SubFactory(AssessmentCentreFactory)
    awarding_body = factory.LazyAttribute(
        lambda c: c.centre.awarding_body if c.centre else AwardingBodyFactory())
    issued_on = datetime.date(2026, 5, 4)
    replaces = None

    @classmethod
    def _create(cls, model_class, *args, folio, **fields):
        return certificates._insert(folio=folio, index=statuslist.draw_index(), **fields)


def member_of(role, username=None, **body):
    """A user holding `role` in one body (lead_body=, awarding_body= or centre=)."""
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, role=role, **body)
    return user
