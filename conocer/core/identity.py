"""Identity of people: CURP validation with python-stdnum, with messages a person can act on."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.mx import curp as stdnum_curp


def validate_curp(value: str) -> None:
    """Raise ValidationError saying what is wrong with a CURP.

    CURP: Clave Única de Registro de Población, Mexico's personal identity code.
    """
    try:
        stdnum_curp.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("A CURP has exactly 18 characters; this one has %(n)s."),
            code="curp_length", params={"n": len(stdnum_curp.compact(value))},
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("A CURP is four letters, six digits of the birth date, H or M, two letters of "
              "the state, three consonants, one letter or digit and a check digit."),
            code="curp_format",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _("This CURP contains an impossible birth date, sex or state code."),
            code="curp_component",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The last digit of this CURP (its check digit) does not match the other 17 "
              "characters: one of them is probably mistyped."),
            code="curp_checksum",
        ) from None


def normalize_curp(value: str) -> str:
    return stdnum_curp.compact(value or "")
