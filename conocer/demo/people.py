"""Plausible Mexican people with valid CURPs, for demo data and test factories."""

import datetime
import random
import unicodedata

from stdnum.mx import curp as stdnum_curp

GIVEN_NAMES_F = [
    "María Guadalupe", "Ana Sofía", "Juana", "Verónica", "Rocío", "Adriana", "Leticia",
    "Patricia", "Citlali", "Ximena", "Fernanda", "Yolanda", "Alejandra", "Itzel", "Mónica",
    "Beatriz", "Claudia", "Dolores", "Elena", "Gabriela", "Lucía", "Natalia", "Paola",
    "Rosa María", "Sandra", "Teresa", "Valeria", "Zaira",
]
GIVEN_NAMES_M = [
    "José Luis", "Juan Carlos", "Miguel Ángel", "Francisco", "Jesús", "Alejandro", "Ricardo",
    "Óscar", "Eduardo", "Fernando", "Héctor", "Iván", "Jorge", "Luis Ángel", "Mario",
    "Noé", "Pablo", "Raúl", "Santiago", "Tomás", "Ulises", "Víctor", "Emiliano", "Gerardo",
    "Armando", "Cuauhtémoc", "Efraín", "Ramón",
]
SURNAMES = [
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo",
    "Romero", "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez",
    "Herrera", "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Muñoz", "Ibáñez",
    "Peña", "Núñez", "Cervantes", "Xolalpa", "Tzompa", "Ordóñez", "Zúñiga",
]
# CURP state codes (RENAPO), keyed by our ISO 3166-2:MX state codes.
CURP_STATE = {
    "AGU": "AS", "BCN": "BC", "BCS": "BS", "CAM": "CC", "CHP": "CS", "CHH": "CH",
    "CMX": "DF", "COA": "CL", "COL": "CM", "DUR": "DG", "GUA": "GT", "GRO": "GR",
    "HID": "HG", "JAL": "JC", "MEX": "MC", "MIC": "MN", "MOR": "MS", "NAY": "NT",
    "NLE": "NL", "OAX": "OC", "PUE": "PL", "QUE": "QT", "ROO": "QR", "SLP": "SP",
    "SIN": "SL", "SON": "SR", "TAB": "TC", "TAM": "TS", "TLA": "TL", "VER": "VZ",
    "YUC": "YN", "ZAC": "ZS",
}
VOWELS = "AEIOU"


def _plain(text: str) -> str:
    """Upper case without accents; Ñ becomes X as RENAPO does."""
    text = text.upper().replace("Ñ", "X")
    return "".join(c for c in unicodedata.normalize("NFD", text) if c.isalpha() and c.isascii())


def _first_internal(word: str, vowels: bool) -> str:
    for c in word[1:]:
        if (c in VOWELS) == vowels:
            return c
    return "X"


def build_curp(*, given_names: str, first_surname: str, second_surname: str,
               birth_date: datetime.date, sex: str, state: str, homonym: int = 0) -> str:
    """Compose a CURP with a correct check digit from a person's data."""
    first = _plain(first_surname)
    second = _plain(second_surname) or "X"
    names = given_names.split()
    given = _plain(names[1] if len(names) > 1 and names[0] in ("María", "José") else names[0])
    head = first[0] + _first_internal(first, vowels=True) + second[0] + given[0]
    if head in stdnum_curp._name_blacklist:
        head = head[0] + "X" + head[2:]
    homonym_char = (str(homonym % 10) if birth_date.year < 2000
                    else "ABCDEFGHIJ"[homonym % 10])
    body = (
        head + birth_date.strftime("%y%m%d") + sex + CURP_STATE[state]
        + _first_internal(first, vowels=False) + _first_internal(second, vowels=False)
        + _first_internal(given, vowels=False) + homonym_char
    )
    curp = body + stdnum_curp.calc_check_digit(body + "0")
    stdnum_curp.validate(curp)
    return curp


def random_person(rng: random.Random, *, state: str, homonym: int = 0) -> dict:
    sex = rng.choice("HM")
    given = rng.choice(GIVEN_NAMES_M if sex == "H" else GIVEN_NAMES_F)
    first, second = rng.choice(SURNAMES), rng.choice(SURNAMES)
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 45))
    return {
        "given_names": given,
        "first_surname": first,
        "second_surname": second,
        "birth_date": birth,
        "curp": build_curp(given_names=given, first_surname=first, second_surname=second,
                           birth_date=birth, sex=sex, state=state, homonym=homonym),
    }
