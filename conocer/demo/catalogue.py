"""The demo's catalogue, built through the standards services as a real one is: CONOCER
registers sectors and lead bodies; each committee drafts its standards, its board
approves them, CONOCER approves and publishes them on their DOF dates; later versions
supersede earlier ones; some expire or are withdrawn. Standards carry their SINCO
occupations and SCIAN codes; three qualifications are built from published standards
(CQ0001 of EC0108, EC0109 and EC0305: the demo holder titular@ejemplo.mx holds two of
them), and CONOCER maps the five levels to education levels."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from conocer.core import clock
from standards import framework, services
from standards.models import (
    EducationLevelMapping,
    LeadBody,
    LevelDescriptor,
    Occupation,
    SearchSynonym,
    Sector,
    Standard,
)

from .data import LEVELS, SEARCH_SYNONYMS

DATA = Path(__file__).with_name("standards.json")
DRAFT_FIELDS = ("legacy_code", "title", "purpose", "level", "generation",
                "assessment_instrument")


def at(day: datetime.date, hour=10):
    return clock.travel_to(datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=datetime.UTC))


class Catalogue:
    def __init__(self, loader):
        self.loader = loader
        self.data = json.loads(DATA.read_text(encoding="utf-8"))
        self.weights = {s["code"]: s.get("usage_weight", 0) for s in self.data["standards"]}

    @property
    def admin(self):
        return self.loader.admin

    def load(self):
        framework.ensure_reference_data()
        self.load_levels()
        sectors = self.load_sectors()
        lead_bodies = self.load_lead_bodies(sectors)
        by_code = {item["code"]: item for item in self.data["standards"]}
        for item in self.data["standards"]:
            if not Standard.objects.filter(code=item["code"]).exists():
                self.load_standard(item, by_code, sectors, lead_bodies)
        for item in self.data["qualifications"]:
            if not Standard.objects.filter(code=item["code"]).exists():
                self.load_qualification(item, sectors, lead_bodies)
        services.expire_standards(today=clock.today())
        self.load_search_synonyms()
        self.load_education_levels()

    def load_education_levels(self):
        mapping = self.data["education_levels"]
        for level, education_level in mapping["levels"].items():
            if not EducationLevelMapping.objects.filter(level=int(level)).exists():
                framework.save_education_mapping(actor=self.admin, level=int(level),
                                                 education_level=education_level,
                                                 notes=mapping["note"])

    def load_search_synonyms(self):
        for term, means in SEARCH_SYNONYMS:
            if not SearchSynonym.objects.filter(key=SearchSynonym.key_of(term)).exists():
                services.save_search_synonym(actor=self.admin, synonym=SearchSynonym(
                    term=term, means=means))

    def load_levels(self):
        for level, text in LEVELS.items():
            if not LevelDescriptor.objects.filter(level=level, descriptor=text).exists():
                services.save_level_descriptor(
                    actor=self.admin, descriptor=LevelDescriptor(level=level, descriptor=text))

    def load_sectors(self) -> dict[str, Sector]:
        sectors = {}
        for item in self.data["sectors"]:
            sector = Sector.objects.filter(code=item["code"]).first()
            if sector is None:
                sector = services.save_sector(actor=self.admin, sector=Sector(
                    code=item["code"], name=item["name"], scian_code=item["scian_code"]))
            sectors[item["code"]] = sector
        return sectors

    def load_lead_bodies(self, sectors) -> dict[str, LeadBody]:
        lead_bodies = {}
        for item in self.data["lead_bodies"]:
            lead_body = LeadBody.objects.filter(code=item["code"]).first()
            if lead_body is None:
                with at(datetime.date(2005, 1, 3)):
                    lead_body = services.register_lead_body(actor=self.admin, lead_body=LeadBody(
                        code=item["code"], name=item["name"], sector=sectors[item["sector"]],
                        registered_on=datetime.date(2005, 1, 1)))
            lead_bodies[item["code"]] = lead_body
            self.loader.users.board_of(lead_body)
        return lead_bodies

    def load_standard(self, item, by_code, sectors, lead_bodies):
        """Draft, approve and publish one standard (its predecessor first, if any)."""
        lead_body = lead_bodies[item["lead_body"]]
        published = (datetime.date.fromisoformat(item["dof_published_on"])
                     if item["dof_published_on"] else None)
        drafted = (published - datetime.timedelta(days=120)) if published else clock.today()
        fields = {name: item.get(name, "") for name in DRAFT_FIELDS}
        fields.update(level=item["level"], sector=sectors[item["sector"]],
                      generation=item.get("generation", 4), fee=Decimal(item["fee"]),
                      certificate_validity_years=item.get("certificate_validity_years"),
                      scian_code=item.get("scian_code", ""),
                      occupations=list(Occupation.objects.filter(
                          code__in=item.get("occupations", []))))
        with at(drafted):
            if item.get("supersedes"):
                previous = Standard.objects.filter(code=item["supersedes"]).first() or \
                    self.load_standard(by_code[item["supersedes"]], by_code, sectors,
                                       lead_bodies)
                standard = services.create_new_version(actor=self.admin, standard=previous)
                for unit in standard.units.all():
                    services.delete_unit(actor=self.admin, unit=unit)
                standard = services.update_draft(actor=self.admin, standard=standard,
                                                 code=item["code"], **fields)
            else:
                standard = services.create_draft(actor=self.admin, lead_body=lead_body,
                                                 code=item["code"], **fields)
            for unit in item["units"]:
                services.save_unit(actor=self.admin, standard=standard, code=unit["code"],
                                   title=unit["title"], criteria=unit["criteria"])
        return self.publish(standard, item, lead_body, published)

    def load_qualification(self, item, sectors, lead_bodies):
        """Draft a qualification of published standards; its board and CONOCER approve
        it and CONOCER publishes it."""
        lead_body = lead_bodies[item["lead_body"]]
        published = datetime.date.fromisoformat(item["dof_published_on"])
        with at(published - datetime.timedelta(days=120)):
            qualification = services.create_draft(
                actor=self.admin, lead_body=lead_body, kind=Standard.Kind.QUALIFICATION,
                code=item["code"], title=item["title"], purpose=item["purpose"],
                level=item["level"], sector=sectors[item["sector"]],
                scian_code=item.get("scian_code", ""),
                occupations=list(Occupation.objects.filter(
                    code__in=item.get("occupations", []))),
                components=list(Standard.objects.filter(code__in=item["units"])))
        return self.publish(qualification, item, lead_body, published)

    def publish(self, standard, item, lead_body, published):
        if published is None:
            return standard
        board = self.loader.users.board_of(lead_body)
        steps = [("submit", self.admin, 100), ("approve_lead_body", board, 60),
                 ("approve_conocer", self.admin, 20)]
        for name, actor, days_before in steps:
            with at(published - datetime.timedelta(days=days_before)):
                services.transition(actor=actor, standard=standard, name=name)
        until = published.replace(year=published.year + item["valid_years"]) \
            if item.get("valid_years") else None
        with at(published):
            services.transition(actor=self.admin, standard=standard, name="publish",
                                dof_published_on=published, valid_until=until,
                                equivalent=item.get("equivalent", True))
        if item.get("status") == "withdrawn":
            with at(published + datetime.timedelta(days=900)):
                services.transition(actor=self.admin, standard=standard, name="withdraw",
                                    reason=item.get("withdrawn_reason") or "Obsoleto.")
        return Standard.objects.get(pk=standard.pk)
