from django import forms
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Criterion, LeadBody, Standard


class DraftForm(forms.ModelForm):
    """Details of a draft standard, as a lead-body member writes them."""

    class Meta:
        model = Standard
        fields = ["lead_body", "code", "legacy_code", "title", "purpose", "level", "sector",
                  "generation", "assessment_instrument", "fee"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = permissions.editable_lead_bodies(
            user, LeadBody.objects.all())
        self.fields["code"].help_text = _("EC and four digits, e.g. EC1234 (EC1234.01 for a "
                                          "version).")
        if self.instance.pk:
            del self.fields["lead_body"]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Unit code"), max_length=20)
    title = forms.CharField(label=_("Unit title"), max_length=400)


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Criterion.Kind.choices)
    text = forms.CharField(label=_("Criterion"), widget=forms.Textarea(attrs={"rows": 2}))
    bloom_level = forms.TypedChoiceField(
        label=_("Bloom level"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), (1, _("1 Remember")), (2, _("2 Understand")), (3, _("3 Apply")),
                 (4, _("4 Analyse")), (5, _("5 Evaluate")), (6, _("6 Create"))])

    def clean(self):
        data = super().clean()
        kind, bloom = data.get("kind"), data.get("bloom_level")
        if kind == Criterion.Kind.KNOWLEDGE and not bloom:
            self.add_error("bloom_level", _("Knowledge criteria need a Bloom level."))
        if kind and kind != Criterion.Kind.KNOWLEDGE and bloom:
            self.add_error("bloom_level", _("Only knowledge criteria have a Bloom level."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True,
                                         min_num=1, validate_min=True)


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    dof_published_on = forms.DateField(label=_("Published in the DOF on"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
