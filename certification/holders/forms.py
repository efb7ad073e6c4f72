from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ShareLink


class EmailSignInForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             help_text=_("The address your assessment centre recorded."))


class CodeSignInForm(forms.Form):
    identity = forms.CharField(label=_("Your CURP or identity document number"),
                               max_length=40)
    code = forms.CharField(label=_("Access code"), max_length=20,
                           help_text=_("As printed by your centre, e.g. K7QM-3XTP-9RWA."))


class ConfirmEmailForm(forms.Form):
    identity = forms.CharField(
        label=_("Your CURP or identity document number"), max_length=40,
        help_text=_("So that we know the address is yours, and not someone's who got this "
                    "e-mail by mistake."))


class RegistryChoiceForm(forms.Form):
    appear = forms.TypedChoiceField(
        label=_("Public registry of certified persons (RENAP)"),
        choices=[("yes", _("Appear: anyone who types my CURP finds my valid certificates, "
                           "and anyone who verifies them can download their PDF")),
                 ("no", _("Do not appear: only whoever has a folio can verify it"))],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect)


class ShareLinkForm(forms.Form):
    days = forms.TypedChoiceField(label=_("The link works for"), choices=ShareLink.Days.choices,
                                  coerce=int, initial=ShareLink.Days.MONTH)


class CandidateEmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False,
                             help_text=_("Leave it empty to remove the address. The person "
                                         "confirms a new address before signing in with it."))


class CorrectionForm(forms.Form):
    """What the holder says is wrong on a certificate: the fields as they should read
    (filled with what the registry holds), why, and an optional supporting file."""

    given_names = forms.CharField(label=_("Given names"), max_length=120)
    first_surname = forms.CharField(label=_("First surname"), max_length=120)
    second_surname = forms.CharField(label=_("Second surname"), max_length=120,
                                     required=False)
    id_document = forms.CharField(label=_("CURP or identity document number"), max_length=40)
    birth_date = forms.DateField(label=_("Birth date"),
                                 widget=forms.DateInput(attrs={"type": "date"},
                                                        format="%Y-%m-%d"))
    reason = forms.CharField(label=_("What is wrong"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))
    attachment = forms.FileField(
        label=_("Supporting document (optional)"), required=False,
        help_text=_("A photo or scan of your identity document or birth certificate: PDF, "
                    "JPEG or PNG."))

    # Where the service's errors about the identity belong on this form.
    SERVICE_FIELDS = {"curp": "id_document", "id_document_number": "id_document",
                      "changes": None}

    @classmethod
    def initial_for(cls, person) -> dict:
        return {"given_names": person.given_names, "first_surname": person.first_surname,
                "second_surname": person.second_surname,
                "id_document": person.curp or person.id_document_number,
                "birth_date": person.birth_date}

    def changes(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("given_names", "first_surname",
                                              "second_surname", "id_document", "birth_date")}

    def add_service_errors(self, error) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = self.SERVICE_FIELDS.get(name, name)
            self.add_error(field if field in self.fields else None, errors)


class SubscriptionForm(forms.Form):
    standard = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    subscribed = forms.TypedChoiceField(choices=[("yes", "yes"), ("no", "no")],
                                        coerce=lambda value: value == "yes",
                                        widget=forms.HiddenInput)
