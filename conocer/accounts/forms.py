from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmAuthenticatorForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"), max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32,
        help_text=_("The 6 digits your authenticator app shows now, or one of your "
                    "recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "autocapitalize": "off", "spellcheck": "false"}),
    )
