from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bodies.models import AwardingBody
from certification.assessment.forms import clean_curp_or_document
from certification.assessment.models import Person
from conocer.core.forms import model_formfield
from standards import selectors as standards_selectors

from . import selectors
from .countries import Country
from .models import Equivalence, ForeignSystem

DATE = forms.DateInput(attrs={"type": "date"})
COUNTRIES = [("", "—"), *Country.choices]


class SystemForm(forms.ModelForm):
    class Meta:
        model = ForeignSystem
        formfield_callback = model_formfield
        fields = ["name", "acronym", "country", "website", "notes", "active"]


class EquivalenceForm(forms.ModelForm):
    unit_codes = forms.CharField(
        label=_("Units still to assess"), required=False, max_length=400,
        help_text=_("For a partial equivalence: the codes of the Mexican standard's units "
                    "to assess, separated by commas (e.g. E0001, E0002)."))

    class Meta:
        model = Equivalence
        fields = ["system", "foreign_code", "foreign_title", "standard", "kind", "notes",
                  "valid_from", "valid_until"]
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards_selectors.public_standards().order_by(
            "code")
        if self.instance.pk and not self.is_bound:
            self.initial["unit_codes"] = ", ".join(
                unit.code for unit in self.instance.units_to_assess.all())

    def _post_clean(self):
        """Model validation happens in the service (with the units)."""

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["unit_codes"] = self.cleaned_data["unit_codes"].split(",")
        return data


class ApplicationForm(forms.Form):
    """A person's request (or a centre's, on their behalf): who they are, with or without
    CURP, and the foreign certificate."""

    has_curp = forms.TypedChoiceField(
        label=_("Do you have a CURP?"), coerce=lambda v: v == "yes", initial="no",
        choices=[("yes", _("Yes")), ("no", _("No: I will identify myself with a passport "
                                             "or another document"))],
        widget=forms.RadioSelect)
    curp = forms.CharField(label=_("CURP"), max_length=18, required=False)
    id_document_type = forms.ChoiceField(label=_("Identity document"), required=False,
                                         choices=[("", "—"), *Person.DocumentType.choices])
    id_document_number = forms.CharField(label=_("Document number"), max_length=40,
                                         required=False)
    id_document_country = forms.ChoiceField(label=_("Country that issued the document"),
                                            choices=COUNTRIES, required=False)
    given_names = forms.CharField(label=_("Given names"), max_length=120)
    first_surname = forms.CharField(label=_("First surname"), max_length=120)
    second_surname = forms.CharField(label=_("Second surname"), max_length=120,
                                     required=False)
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE,
                                 help_text=_("You will need it, with the reference, to "
                                             "follow your request."))
    nationality = forms.ChoiceField(label=_("Nationality"), choices=COUNTRIES)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    system = forms.ModelChoiceField(label=_("System that issued your certificate"),
                                    queryset=ForeignSystem.objects.none())
    foreign_code = forms.CharField(label=_("Certificate code or number"), max_length=60)
    foreign_issued_on = forms.DateField(label=_("Date of the certificate"), widget=DATE)
    equivalence = forms.ModelChoiceField(
        label=_("Equivalence of your certificate (if it is listed)"), required=False,
        queryset=Equivalence.objects.none())
    standard = forms.ModelChoiceField(
        label=_("Mexican standard you ask for (if no equivalence fits)"), required=False,
        queryset=standards_selectors.public_standards().none())
    file = forms.FileField(label=_("Your foreign certificate (PDF or photo)"), error_messages={
        "required": _("Attach the foreign certificate (PDF or photo)."),
        "empty": _("The chosen file is empty.")})
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and accept that the registry keeps my data "
                "to decide this request."), required=False)

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = selectors.active_systems()
        self.fields["equivalence"].queryset = selectors.equivalences_in_force()
        self.fields["equivalence"].label_from_instance = lambda e: (
            f"{e.system.acronym} {e.foreign_code} · {e.foreign_title} → {e.standard.code} "
            f"({e.get_kind_display()})")
        self.fields["standard"].queryset = standards_selectors.public_standards().order_by(
            "code")
        self.fields["standard"].label_from_instance = lambda s: f"{s.code} · {s.title}"
        self.fields["file"].help_text = _("At most %(mb)s MB.") % {
            "mb": round(settings.EVIDENCE_MAX_BYTES / 1_048_576, 1)}
        if centres is not None:
            self.fields["centre"] = forms.ModelChoiceField(
                label=_("Submitted on the person's behalf by the centre"), queryset=centres,
                required=False)

    def clean(self):
        return clean_curp_or_document(
            self, super().clean(), curp_missing=_("Type your CURP, or choose 'No'."),
            document_missing=_("Required when you have no CURP."))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("has_curp")
        data["uploaded"] = data.pop("file")
        return data


class TrackForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40,
                                help_text=_("As we gave it to you, e.g. REC-2026-7K3M-Q9TX."))
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE)


class DecisionForm(forms.Form):
    FULL, PARTIAL, REJECT = "full", "partial", "reject"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (FULL, _("Recognise fully: issue the Mexican certificate")),
        (PARTIAL, _("Recognise partly: assess the remaining units")),
        (REJECT, _("Do not recognise"))])
    awarding_body = forms.ModelChoiceField(
        label=_("Issuing awarding body (full recognition)"), required=False,
        queryset=AwardingBody.objects.none())
    assessor = forms.ChoiceField(label=_("Assessor and centre (partial recognition)"),
                                 required=False)
    unit_codes = forms.CharField(
        label=_("Units still to assess (partial recognition)"), required=False,
        max_length=400, help_text=_("Codes separated by commas; empty: those of the "
                                    "equivalence."))
    reason = forms.CharField(label=_("Reasons or notes, shown to the person"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    fee_waived = forms.DecimalField(label=_("Fee waived or subsidised (MXN)"), required=False,
                                    min_value=0, max_digits=9, decimal_places=2)
    fee_waiver_reason = forms.CharField(label=_("Reason for the waiver or subsidy"),
                                        required=False, max_length=300)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awarding_body"].queryset = selectors.issuing_bodies(request.standard)
        self.assessors = {str(a.pk): a for a in selectors.eligible_assessors(
            request.standard, centre=request.centre)}
        self.fields["assessor"].choices = [("", "—")] + [
            (pk, f"{a} · {a.centre or _('independent assessor')}")
            for pk, a in self.assessors.items()]
        self.fields["unit_codes"].initial = ", ".join(
            unit.code for unit in selectors.default_units(request))

    def clean_assessor(self):
        return self.assessors.get(self.cleaned_data["assessor"])
