"""Contact details of centres as the public directory shows them: Mexican phone numbers
and postal codes, checked with messages a person can act on.

Since the 2019 numbering plan every Mexican number has 10 digits (area code included),
dialled the same from anywhere in the country; +52 is the country code. A number is
stored as typed (spaces, dashes, parentheses, an extension) and dialled from its digits.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import gettext_lazy as _

_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-]+((ext\.?|extensión|x)\s*\d{1,6})?$", re.I)
_EXTENSION = re.compile(r"(ext\.?|extensión|x)\s*\d{1,6}$", re.I)

validate_postal_code = RegexValidator(
    r"^\d{5}$", _("A postal code has 5 digits, for example 44100."), code="postal_code")

validate_website = URLValidator(
    schemes=["http", "https"],
    message=_("Enter the full address of the website, for example https://www.example.mx."))


def national_digits(value: str) -> str:
    """The 10 digits of a Mexican number, without +52 and without an extension."""
    digits = re.sub(r"\D", "", _EXTENSION.sub("", value or ""))
    if len(digits) == 12 and digits.startswith("52"):
        digits = digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not value:
        return
    if not _PHONE_CHARACTERS.match(value.strip()) or len(national_digits(value)) != 10:
        raise ValidationError(
            _("A phone number in Mexico has 10 digits, area code included, for example "
              "33 3614 5000 or +52 33 3614 5000."), code="phone")


def phone_uri(value: str) -> str:
    """The tel: address of a stored number ('' when there is none)."""
    return f"tel:+52{national_digits(value)}" if value else ""
