"""The demo's people with accounts, and their roles (granted through bodies.services)."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from bodies import services
from bodies.models import Membership

DEMO_PASSWORD = "conocer-demo"  # noqa: S105 (documented demo password, never in production)
R = Membership.Role


class Users:
    def __init__(self, loader):
        self.loader = loader

    def account(self, username, **fields):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.password = self.password_hash
            user.save(update_fields=["password"])
        return user

    @functools.cached_property
    def password_hash(self) -> str:
        """Hashed once for every demo account (hashing well takes a fifth of a second)."""
        return make_password(DEMO_PASSWORD)

    def role(self, user, role, **body):
        if not Membership.objects.filter(user=user, role=role, **body).exists():
            services.grant_membership(actor=self.loader.admin, user=user, role=role, **body)
        return user

    def board_of(self, lead_body):
        """The chair of a lead body's board: `presidencia` for the committee that keeps
        EC0076 (the one `comite` belongs to), `presidencia-<code>` for the others."""
        name = "presidencia" if lead_body.code == self.loader.assessment_lead_body_code \
            else f"presidencia-{lead_body.code.lower()}"
        user = self.account(name, first_name="Presidencia", last_name=lead_body.code,
                            email=f"{name}@example.mx")
        return self.role(user, R.ADMINISTRATOR, lead_body=lead_body)

    def committee_member(self, lead_body):
        user = self.account("comite", first_name="Comité", last_name="Educación",
                            email="comite@example.mx")
        return self.role(user, R.MEMBER, lead_body=lead_body)

    def reviewer_of(self, body, username):
        """Reviewer and administrator of an awarding body (`ece` for CONALEP)."""
        user = self.account(username, first_name="Revisión", last_name=str(body),
                            email=f"{username}@example.mx")
        self.role(user, R.REVIEWER, awarding_body=body)
        return self.role(user, R.ADMINISTRATOR, awarding_body=body)

    def assessor_account(self, index, full_name):
        """`evaluador` for the first demo assessor, `evaluador2` … for the others."""
        name = "evaluador" if index == 0 else f"evaluador{index + 1}"
        return self.account(name, first_name=full_name.split()[0],
                            email=f"{name}@example.mx")
