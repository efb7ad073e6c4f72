from django import forms
from django.utils.translation import gettext_lazy as _

from bodies import selectors as bodies_selectors
from conocer.core.forms import MomentField
from conocer.core.identity import normalize_curp, validate_curp
from standards.models import Standard

from .models import Assessment, Candidacy, Person
from .services.people import DOCUMENT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


def clean_curp_or_document(form, data: dict, *, curp_missing, document_missing) -> dict:
    """A person is identified by a CURP (`has_curp`: checked, normalised, the document
    fields emptied) or, when they have none, by a document: its type, number and
    country, each required. Errors go on the form's fields."""
    if data.get("has_curp"):
        curp = normalize_curp(data.get("curp", ""))
        if not curp:
            form.add_error("curp", curp_missing)
        else:
            try:
                validate_curp(curp)
            except forms.ValidationError as error:
                form.add_error("curp", error)
        data["curp"] = curp
        for name in DOCUMENT_FIELDS:
            data[name] = ""
    else:
        data["curp"] = ""
        for name in DOCUMENT_FIELDS:
            if not data.get(name):
                form.add_error(name, document_missing)
    return data


class CandidateForm(forms.ModelForm):
    """Registration of a person as a candidate: a CURP, or another identity document."""

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
    confirm_known = forms.BooleanField(
        label=_("The name and birth date I typed are this person's."), required=False)

    class Meta:
        model = Person
        fields = ["curp", *DOCUMENT_FIELDS, "nationality", "given_names", "first_surname",
                  "second_surname", "birth_date", "email", "phone", "public_registry_opt_in"]
        widgets = {"birth_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curp"].validators = []  # validated in clean() once we know it applies

    def clean(self):
        data = clean_curp_or_document(
            self, super().clean(), curp_missing=_("Type the person's CURP, or choose 'No'."),
            document_missing=_("Required when the person has no CURP."))
        if data.get("id_document_country"):
            data["id_document_country"] = data["id_document_country"].upper()
        if data.get("nationality"):
            data["nationality"] = data["nationality"].upper()
        return data

    def _post_clean(self):
        """Model validation happens in the service (with the CURP rules above)."""

    def person_data(self) -> dict:
        """The fields of the person, for the service."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StartAssessmentForm(forms.Form):
    candidacy = forms.ModelChoiceField(label=_("Candidate"),
                                       queryset=Candidacy.objects.none())
    standard = forms.ModelChoiceField(label=_("Standard"), queryset=Standard.objects.none())

    def __init__(self, *args, assessor, candidacies, **kwargs):
        """`candidacies`: whom the assessor may assess (selectors.assessable_candidacies),
        possibly narrowed by a search."""
        super().__init__(*args, **kwargs)
        self.fields["candidacy"].queryset = candidacies
        self.fields["candidacy"].label_from_instance = lambda c: (
            f"{c.person.full_name} · {c.person.identity}")
        self.fields["standard"].queryset = Standard.objects.competence_standards().filter(
            accreditations__in=bodies_selectors.in_force().filter(assessor=assessor)
        ).distinct().order_by("code")


# The verdict and the evidence controls sit below the judgements on the page, but belong
# to the judgement form (HTML's form attribute): every button sends everything typed.
SHEET = "judgements"


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), widget=forms.FileInput(
        attrs={"form": SHEET}), error_messages={
        "required": _("Choose a file to upload."),
        "empty": _("The chosen file is empty.")})
    criterion = forms.IntegerField(required=False, widget=forms.HiddenInput)

    use_required_attribute = False  # the form's other buttons send no file


class SubmitForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Assessment.Verdict.choices,
                                widget=forms.RadioSelect(attrs={"form": SHEET}),
                                error_messages={"required": _("Choose the verdict.")})
    feedback = forms.CharField(label=_("Feedback for the candidate"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4, "form": SHEET}))

    use_required_attribute = False  # "Save judgements" sends no verdict


class JudgementForm(forms.Form):
    """One criterion as the page's autosave sends it. `seen_at` is when the page last saw
    the judgement (see services.assessments.save_judgement)."""

    met = forms.TypedChoiceField(choices=[("", ""), ("1", "1"), ("0", "0")], required=False,
                                 coerce={"1": True, "0": False}.get, empty_value=None)
    note = forms.CharField(required=False, strip=False)
    seen_at = MomentField(required=False)


class JudgementSheetForm(forms.Form):
    """The time stamps of the whole judgement form (the criteria are read by the view):
    when the page was loaded, and for each criterion (`seen_<id>`) when the page last saw
    its judgement, which its autosave moves on as it saves."""

    loaded_at = MomentField(required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion_id in criteria:
            self.fields[f"seen_{criterion_id}"] = MomentField(required=False,
                                                              widget=forms.HiddenInput)

    def seen(self) -> dict:
        """{criterion id: moment} of the criteria whose page sent one."""
        return {int(name.removeprefix("seen_")): moment
                for name, moment in self.cleaned_data.items()
                if name.startswith("seen_") and moment is not None}
