from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from conocer.core.identity import normalize_curp, validate_curp


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
