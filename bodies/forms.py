import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conocer.core.choices import MexicanState
from standards.models import Standard

from . import selectors
from .places import municipality_field


class DirectoryFilterForm(forms.Form):
    """The directory's filters; municipalities are those of the centres listed, of the
    chosen state when there is one (`places`: their (state, municipality) pairs)."""

    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), *MexicanState.choices])
    standard = forms.CharField(label=_("Standard code"), required=False, max_length=12,
                               widget=forms.TextInput(attrs={"placeholder": "EC0076"}))

    def __init__(self, data=None, *, places, **kwargs):
        super().__init__(data, **kwargs)
        state = (data or {}).get("state", "")
        self.fields["municipality"] = municipality_field(
            places, state if state in MexicanState.values else "")
        self.order_fields(["state", "municipality", "standard"])

    def chosen(self) -> dict:
        """The filters that are valid: a mistyped code shows its error and still leaves
        the state and municipality applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"state": data.get("state", ""), "standard": data.get("standard"),
                "municipality": data.get("municipality", "")}

    def clean_standard(self):
        code = self.cleaned_data["standard"].strip().upper()
        if not code:
            return None
        standard = Standard.objects.filter(code=code).first()
        if standard is None:
            raise forms.ValidationError(_("There is no standard with code %(code)s."),
                                        params={"code": code})
        return standard


def _default_until():
    today = timezone.localdate()
    return today.replace(year=today.year + 2)


class GrantForm(forms.Form):
    """Accredit a centre or an assessor of an awarding body for a standard of its scope."""

    holder = forms.ModelChoiceField(label=_("Centre or assessor"), queryset=None)
    standard = forms.ModelChoiceField(label=_("Standard"), queryset=None)
    valid_from = forms.DateField(label=_("Valid from"), initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), initial=_default_until,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, holders, awarding_body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders
        self.fields["standard"].queryset = selectors.scope_of(awarding_body).order_by("code")


class AccreditBodyForm(forms.Form):
    """CONOCER accredits an awarding body for a scope of published standards."""

    standards = forms.ModelMultipleChoiceField(
        label=_("Standards"), queryset=Standard.objects.competence_standards().filter(
            status=Standard.Status.PUBLISHED).order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}))
    valid_from = forms.DateField(label=_("Valid from"), initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"),
        initial=lambda: timezone.localdate() + datetime.timedelta(days=3 * 365),
        widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("suspend", _("Suspend")),
                                          ("reinstate", _("Reinstate")),
                                          ("revoke", _("Revoke"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
