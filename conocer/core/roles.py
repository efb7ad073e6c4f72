"""Who is a CONOCER administrator: one definition, used by every app.

A CONOCER administrator holds the permission `core.administer_registry`, usually
through the group below (a superuser holds every permission). Roles inside a body
(reviewer, assessor…) are memberships, in `bodies`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CONOCER_GROUP = "Administración CONOCER"
CONOCER_PERMISSION = ("core", "administer_registry")


def is_conocer_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active
                and user.has_perm(".".join(CONOCER_PERMISSION)))


# The admin shows the registry's rows to CONOCER; what it may change goes through
# services (conocer.core.admin), which check again. Nothing is deleted there.
ADMIN_APPS = ("core", "standards", "bodies", "trust", "assessment", "issuance",
              "verification", "recognition", "auth")


def ensure_conocer_group(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=CONOCER_GROUP)
    app_label, codename = CONOCER_PERMISSION
    group.permissions.add(*Permission.objects.filter(
        Q(content_type__app_label=app_label, codename=codename)
        | Q(content_type__app_label__in=ADMIN_APPS,
            codename__regex=r"^(view|add|change)_")))
    return group
