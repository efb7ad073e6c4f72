"""The countries the recognition route names (ISO 3166-1 alpha-2), with their names
translated: the Americas, where most people who ask come from, and the countries whose
certificates or documents they most often bring."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    AR = "AR", _("Argentina")
    BZ = "BZ", _("Belize")
    BO = "BO", _("Bolivia")
    BR = "BR", _("Brazil")
    CA = "CA", _("Canada")
    CL = "CL", _("Chile")
    CN = "CN", _("China")
    CO = "CO", _("Colombia")
    CR = "CR", _("Costa Rica")
    CU = "CU", _("Cuba")
    DO = "DO", _("Dominican Republic")
    EC = "EC", _("Ecuador")
    SV = "SV", _("El Salvador")
    FR = "FR", _("France")
    DE = "DE", _("Germany")
    GT = "GT", _("Guatemala")
    HT = "HT", _("Haiti")
    HN = "HN", _("Honduras")
    IN = "IN", _("India")
    IT = "IT", _("Italy")
    JM = "JM", _("Jamaica")
    MX = "MX", _("Mexico")
    NI = "NI", _("Nicaragua")
    PA = "PA", _("Panama")
    PY = "PY", _("Paraguay")
    PE = "PE", _("Peru")
    PH = "PH", _("Philippines")
    PT = "PT", _("Portugal")
    PR = "PR", _("Puerto Rico")
    ES = "ES", _("Spain")
    US = "US", _("United States")
    UY = "UY", _("Uruguay")
    VE = "VE", _("Venezuela")
    ZZ = "ZZ", _("Another country")


def country_name(code: str) -> str:
    """The country's name in the current language, or the code when it is not listed."""
    try:
        return Country(code).label
    except ValueError:
        return code
