"""The CONOCER administrators' group, kept in step with the permissions it needs."""

from django.contrib.auth.models import Group, Permission

CONOCER_GROUP = "Administración CONOCER"
CONOCER_PERMISSIONS = [("standards", "publish_standard"), ("bodies", "accredit_awarding_body")]


def ensure_conocer_group(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=CONOCER_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=[app for app, _ in CONOCER_PERMISSIONS],
        codename__in=[code for _, code in CONOCER_PERMISSIONS])
    group.permissions.add(*perms)
    return group
