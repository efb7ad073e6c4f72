"""The demo's holders, for the holder's space (/mi-registro/): one with a confirmed
e-mail address and certificates from two awarding bodies, who signs in with a link (the
console shows the e-mail), and one without e-mail, for whom the centre prints an access
code. Through the services: the centre records the address, the person confirms it."""

from certification.assessment.models import Person
from certification.assessment.services import people
from certification.holders import selectors
from certification.holders.services import signin

HOLDER_EMAIL = "titular@ejemplo.mx"


class Holders:
    def __init__(self, loader):
        self.loader = loader

    def with_email(self) -> Person:
        """The first demo person certified by two awarding bodies."""
        found = self.loader.history.candidates()
        person = Person.objects.get(curp=found[0][1]["curp"])
        if person.email == HOLDER_EMAIL and selectors.email_is_confirmed(person):
            return person
        candidacy = person.candidacies.filter(centre__isnull=False).order_by("pk").first()
        people.set_person_email(actor=candidacy.registered_by, candidacy_id=candidacy.pk,
                                email=HOLDER_EMAIL)
        person.refresh_from_db()
        token = signin.start_email_confirmation(person=person)
        signin.confirm_email(token=token, identity=person.curp)
        return person

    def without_email(self) -> Person:
        """A certified demo person without e-mail: their centre prints them a code."""
        found = self.loader.history.candidates()
        return Person.objects.get(curp=found[1][1]["curp"])

    def load(self):
        holder = self.with_email()
        self.loader.log(f"  holder with e-mail: {holder.email} ({holder.full_name}), "
                        f"without: {self.without_email().curp}")
