from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import permissions
from .framework_models import EducationLevel
from .models import Criterion, LeadBody, Occupation, Standard


class DraftForm(forms.ModelForm):
    """Details of a draft standard, as a lead-body member writes them."""

    kind = Standard.Kind.STANDARD

    class Meta:
        model = Standard
        fields = ["lead_body", "code", "legacy_code", "title", "purpose", "level", "sector",
                  "scian_code", "occupations", "generation", "assessment_instrument", "fee",
                  "certificate_validity_years"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}),
                   "occupations": forms.SelectMultiple(attrs={"size": 6})}
        help_texts = {
            "scian_code": _("Its own SCIAN code when finer than its sector's, e.g. 6244."),
            "occupations": _("SINCO 2019 occupations it prepares for (Ctrl or ⌘ to choose "
                             "several)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = permissions.editable_lead_bodies(
            user, LeadBody.objects.all())
        self.fields["code"].help_text = _("EC and four digits, e.g. EC1234 (EC1234.01 for a "
                                          "version).")
        self.fields["occupations"].queryset = Occupation.objects.order_by("code")
        if self.instance.pk:
            del self.fields["lead_body"]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def _post_clean(self):
        if not self.instance.pk:  # a new draft: its kind decides which codes it may take
            self.instance.kind = self.kind
        super()._post_clean()


class QualificationDraftForm(DraftForm):
    """A qualification: the details of a standard, and its units (standards)."""

    kind = Standard.Kind.QUALIFICATION
    components = forms.ModelMultipleChoiceField(
        label=_("Units (standards)"), queryset=Standard.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("At least two competence standards; it can be published once all of "
                    "them are."))

    class Meta(DraftForm.Meta):
        fields = [*DraftForm.Meta.fields, "components"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("CQ and four digits, e.g. CQ0001 (CQ0001.01 for a "
                                          "version).")
        self.fields["components"].queryset = Standard.objects.competence_standards().exclude(
            status=Standard.Status.WITHDRAWN).order_by("code")


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Unit code"), max_length=20)
    title = forms.CharField(label=_("Unit title"), max_length=400)


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Criterion.Kind.choices)
    text = forms.CharField(label=_("Criterion"), widget=forms.Textarea(attrs={"rows": 2}))
    bloom_level = forms.TypedChoiceField(
        label=capfirst(_("Bloom level")), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), (1, _("1 Remember")), (2, _("2 Understand")), (3, _("3 Apply")),
                 (4, _("4 Analyse")), (5, _("5 Evaluate")), (6, _("6 Create"))])

    def has_changed(self):
        """A row counts once its criterion is typed: the kind, chosen by default, does not
        make an empty row (the editor ignores empty rows, as it says)."""
        return any(str(self[name].value() or "").strip() for name in ("text", "bloom_level"))

    def clean(self):
        data = super().clean()
        kind, bloom = data.get("kind"), data.get("bloom_level")
        if kind == Criterion.Kind.KNOWLEDGE and not bloom:
            self.add_error("bloom_level", _("Knowledge criteria need a Bloom level."))
        if kind and kind != Criterion.Kind.KNOWLEDGE and bloom:
            self.add_error("bloom_level", _("Only knowledge criteria have a Bloom level."))
        return data


class BaseCriterionFormSet(forms.BaseFormSet):
    """The criteria of a unit: every empty row is ignored (the first one too, and one
    whose text was cleared), and at least one criterion must be typed."""

    def _construct_form(self, i, **kwargs):
        return super()._construct_form(i, **{**kwargs, "empty_permitted": True})

    def clean(self):
        if any(self.errors):
            return
        if not any(f.has_changed() and not self._should_delete_form(f) for f in self.forms):
            raise forms.ValidationError(_("Type at least one criterion."))

    def typed(self) -> list[dict]:
        """The criteria typed, in order, without the deleted and the empty rows."""
        return [f.cleaned_data for f in self.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE")]

    def with_a_new_row(self):
        """The same rows, as typed, and one empty row more (the "add a row" button):
        unbound, so nothing is validated and no error is shown yet."""
        rows = [{name: f[name].value() for name in f.fields} for f in self.forms]
        formset = type(self)(initial=rows, prefix=self.prefix)
        formset.extra = 1
        return formset


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet,
                                         extra=2, can_delete=True)


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    dof_published_on = forms.DateField(label=_("Published in the DOF on"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    # Publishing a new version: CONOCER's word on it (standards/supersession.py).
    equivalent = forms.TypedChoiceField(
        label=_("Is it equivalent to the version it supersedes?"), required=False,
        choices=[("yes", _("Equivalent: accreditations follow it")),
                 ("no", _("Not equivalent: bodies are accredited anew"))],
        coerce=lambda value: value == "yes", empty_value=None, widget=forms.RadioSelect)
    transition_until = forms.DateField(
        label=_("The old version can be assessed until"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The end of the transition period; empty: none."))


class SubscribeForm(forms.Form):
    """“Notify me when this standard changes”."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             help_text=_("We send a link to confirm; every notice has a link "
                                         "to stop them."))


class EducationMappingForm(forms.Form):
    """One competence level's row of the table of education levels (CONOCER)."""

    education_level = forms.ChoiceField(
        label=_("Education level"), required=False,
        choices=[("", _("Not mapped")), *EducationLevel.choices])
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))


EducationMappingFormSet = forms.formset_factory(EducationMappingForm, extra=0, min_num=5,
                                                max_num=5, validate_min=True,
                                                validate_max=True)
