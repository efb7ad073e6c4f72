"""Spanish for the admin's own words where Django's catalogue gets it wrong or a
third-party app brings none. Nothing calls this module: it holds the msgids so that
`makemessages` puts them in the project's catalogue, which Django consults before its
own and the apps' (tests/core/test_admin_words.py checks that it does).

Django's Spanish messages give every model a masculine article ("El membresía … fue
agregado"); the project's translations of these msgids name the model without one
("Se agregó correctamente: membresía …"), so they read right for every model, feminine or
masculine. django-axes' field names have no Spanish at all."""

from django.utils.translation import gettext_noop

DJANGO_ADMIN = [
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} "
                 "below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again "
                 "below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} "
                 "below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop('Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? '
                 "All of the following related items will be deleted:"),
    gettext_noop("Are you sure you want to delete the selected %(objects_name)s? All of the "
                 "following objects and their related items will be deleted:"),
]

AXES = [
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access lock out"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
]
