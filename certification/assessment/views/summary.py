from django.forms import RadioSelect
from django.utils.translation import gettext as _


def error_summary(*forms) -> list[tuple[str, str]]:
    """[(anchor id or "", message), …] of the forms' errors, in page order, for the
    summary at the top of a page (templates/certification/assessment/error_summary.html),
    in the order of the forms' fields.
    The first field in error gets `autofocus`: the page moves there without JavaScript."""
    summary = []
    for form in forms:
        for message in form.non_field_errors():
            summary.append(("", message))
        for name in form.fields:  # the order the page shows them in
            errors = form.errors.get(name)
            if not errors:
                continue
            field = form[name]
            anchor = "" if field.is_hidden else (
                f"{field.auto_id}_0" if isinstance(field.field.widget, RadioSelect)
                else field.auto_id)
            if anchor and not any(a for a, _m in summary):
                field.field.widget.attrs["autofocus"] = True
            summary.extend((anchor, _("%(field)s: %(error)s") % {
                "field": field.label, "error": message}) for message in errors)
    return summary
