"""Country names for what certificates print and pages show: the issuing country of a
holder's foreign document and of a recognised foreign certificate (ISO 3166-1 alpha-2
codes in the claims).

Both names are written here, not taken from the translation catalogue, because the PDF
prints the Spanish and the English name side by side whatever language is active, and
what is signed must not change with a catalogue. The table covers the countries whose
workers and certification systems the registry deals with: the Americas (the Pacific
Alliance, Central America, the Caribbean, North America) and the Iberian peninsula. Any
other code is shown as the code itself, which stays exact.
"""

from django.utils.translation import get_language

# ISO 3166-1 alpha-2 code: (Spanish name, English name)
NAMES = {
    "AR": ("Argentina", "Argentina"),
    "BO": ("Bolivia", "Bolivia"),
    "BR": ("Brasil", "Brazil"),
    "BZ": ("Belice", "Belize"),
    "CA": ("Canadá", "Canada"),
    "CL": ("Chile", "Chile"),
    "CO": ("Colombia", "Colombia"),
    "CR": ("Costa Rica", "Costa Rica"),
    "CU": ("Cuba", "Cuba"),
    "DO": ("República Dominicana", "Dominican Republic"),
    "EC": ("Ecuador", "Ecuador"),
    "ES": ("España", "Spain"),
    "GT": ("Guatemala", "Guatemala"),
    "GY": ("Guyana", "Guyana"),
    "HN": ("Honduras", "Honduras"),
    "HT": ("Haití", "Haiti"),
    "JM": ("Jamaica", "Jamaica"),
    "MX": ("México", "Mexico"),
    "NI": ("Nicaragua", "Nicaragua"),
    "PA": ("Panamá", "Panama"),
    "PE": ("Perú", "Peru"),
    "PR": ("Puerto Rico", "Puerto Rico"),
    "PT": ("Portugal", "Portugal"),
    "PY": ("Paraguay", "Paraguay"),
    "SR": ("Surinam", "Suriname"),
    "SV": ("El Salvador", "El Salvador"),
    "TT": ("Trinidad y Tobago", "Trinidad and Tobago"),
    "US": ("Estados Unidos", "United States"),
    "UY": ("Uruguay", "Uruguay"),
    "VE": ("Venezuela", "Venezuela"),
}


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in Spanish ("es…") or English (any other language; the active
    one when not given), or the code itself when the table does not hold it."""
    names = NAMES.get((code or "").upper())
    if names is None:
        return code or ""
    language = language or get_language() or "es"
    return names[0] if language.startswith("es") else names[1]
