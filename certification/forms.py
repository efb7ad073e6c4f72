from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bodies import selectors as bodies_selectors
from bodies.models import AssessmentCentre
from standards.models import Standard

from .identity import normalize_curp, validate_curp
from .models import Assessment, Candidate, Certificate

DATE = forms.DateInput(attrs={"type": "date"})


class CandidateForm(forms.ModelForm):
    """Registration of a person at a centre: a CURP, or another identity document."""

    has_curp = forms.TypedChoiceField(
        label=_("Does the person have a CURP?"), coerce=lambda v: v == "yes", initial="yes",
        choices=[("yes", _("Yes, identify by CURP")),
                 ("no", _("No (migrant, returnee or foreign national)"))],
        widget=forms.RadioSelect)
    privacy_consent = forms.BooleanField(
        label=_("The person has read and accepts the privacy notice."), required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("I checked the people listed above: this is someone else."), required=False,
        widget=forms.HiddenInput)

    class Meta:
        model = Candidate
        fields = ["curp", "id_document_type", "id_document_number", "id_document_country",
                  "nationality", "given_names", "first_surname", "second_surname",
                  "birth_date", "email", "phone", "public_registry_opt_in"]
        widgets = {"birth_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curp"].validators = []  # validated in clean() once we know it applies

    def clean(self):
        data = super().clean()
        if data.get("has_curp"):
            curp = normalize_curp(data.get("curp", ""))
            if not curp:
                self.add_error("curp", _("Type the person's CURP, or choose 'No'."))
            else:
                try:
                    validate_curp(curp)
                except forms.ValidationError as error:
                    self.add_error("curp", error)
                data["curp"] = curp
            for name in ("id_document_type", "id_document_number", "id_document_country"):
                data[name] = ""
        else:
            data["curp"] = ""
            for name in ("id_document_type", "id_document_number", "id_document_country"):
                if not data.get(name):
                    self.add_error(name, _("Required when the person has no CURP."))
            if data.get("id_document_country"):
                data["id_document_country"] = data["id_document_country"].upper()
        if data.get("nationality"):
            data["nationality"] = data["nationality"].upper()
        return data

    def _post_clean(self):
        """Model validation happens in the service (with the CURP rules above)."""


class StartAssessmentForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Candidate"), queryset=Candidate.objects.none())
    standard = forms.ModelChoiceField(label=_("Standard"), queryset=Standard.objects.none())

    def __init__(self, *args, assessor, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Candidate.objects.filter(centre=assessor.centre) if assessor.centre_id \
            else Candidate.objects.filter(registered_by=assessor)
        self.fields["candidate"].queryset = candidates.order_by("first_surname", "given_names")
        self.fields["standard"].queryset = Standard.objects.filter(
            accreditations__in=bodies_selectors.in_force().filter(assessor=assessor)
        ).distinct().order_by("code")


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))
    criterion = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Assessment.Verdict.choices,
                                widget=forms.RadioSelect)
    feedback = forms.CharField(label=_("Feedback for the candidate"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))


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

    def __init__(self, *args, centres, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["standard"].queryset = standards


class DocumentCheckForm(forms.Form):
    document = forms.FileField(label=_("Certificate PDF"))

    def clean_document(self):
        document = self.cleaned_data["document"]
        limit = settings.DOCUMENT_CHECK_MAX_BYTES
        if document.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; a certificate PDF is far smaller (at most "
                  "%(limit)s MB are accepted)."),
                params={"size": round(document.size / 1_048_576, 1),
                        "limit": round(limit / 1_048_576, 1)})
        document.seek(0)
        if document.read(5) != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        document.seek(0)
        return document


class HolderLookupForm(forms.Form):
    curp = forms.CharField(label=_("CURP"), max_length=30)

    def clean_curp(self):
        curp = normalize_curp(self.cleaned_data["curp"])
        validate_curp(curp)
        return curp
