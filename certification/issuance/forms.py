from django import forms
from django.utils.translation import gettext_lazy as _

from bodies.models import AssessmentCentre
from standards.models import Standard

from .models import Certificate

DATE = forms.DateInput(attrs={"type": "date"})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(ReasonForm):
    status = forms.ChoiceField(label=_("Action"), choices=[
        (Certificate.Status.REVOKED, _("Revoke (obtained improperly)")),
        (Certificate.Status.CANCELLED, _("Cancel (issued in error)"))])


class ReissueForm(ReasonForm):
    given_names = forms.CharField(label=_("Given names"), max_length=120)
    first_surname = forms.CharField(label=_("First surname"), max_length=120)
    second_surname = forms.CharField(label=_("Second surname"), max_length=120, required=False)


class RequestFilterForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False, max_length=100,
                            help_text=_("Candidate's name, CURP, folio or request number"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("submitted", _("Awaiting review")),
                                        ("approved", _("Approved")),
                                        ("rejected", _("Rejected"))])
    centre = forms.ModelChoiceField(label=_("Centre"), required=False,
                                    queryset=AssessmentCentre.objects.none(),
                                    empty_label=_("All centres"))
    standard = forms.ModelChoiceField(label=_("Standard"), required=False,
                                      queryset=Standard.objects.none(),
                                      empty_label=_("All standards"), to_field_name="code")
    requested_from = forms.DateField(label=_("Requested from"), required=False, widget=DATE)
    requested_until = forms.DateField(label=_("Requested until"), required=False, widget=DATE)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("oldest", _("Oldest first")), ("newest", _("Newest first")),
        ("standard", _("By standard code")), ("centre", _("By centre name"))])

    def __init__(self, *args, centres, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["standard"].queryset = standards


class CertificateSearchForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False, max_length=100,
                            help_text=_("The folio, or the holder's name or CURP"))
    standard = forms.ModelChoiceField(label=_("Standard"), required=False,
                                      queryset=Standard.objects.none(),
                                      empty_label=_("All standards"), to_field_name="code")
    issued_from = forms.DateField(label=_("Issued on or after"), required=False, widget=DATE)
    issued_until = forms.DateField(label=_("Issued on or before"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Certificate.Status.choices])

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards


class QualificationReviewForm(forms.Form):
    """CONOCER's decision on a flagged qualification certificate."""

    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("keep", _("Keep the qualification certificate")),
        ("revoke", _("Revoke the qualification certificate"))])
    note = forms.CharField(label=_("Why"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Kept with the decision; when you revoke, it is the "
                                       "reason the verify page shows."))
