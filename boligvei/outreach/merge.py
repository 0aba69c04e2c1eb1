"""Merge fields in letter templates: `{{ navn }}` is replaced by the household's name, and so on.

Templates are plain text written by administrators (see `boligvei.core.letters` for the layout
rules). A template may use only the fields in `FIELDS`; `template_errors` finds the ones it may
not, and unbalanced braces, so that a template that would print "{{ nvan }}" to a tenant can
never be saved.
"""

import re

FIELDS = {
    "navn": "Mottakerens navn (hovedpersonen i husstanden)",
    "adresse": "Adressen brevet sendes til, på én linje",
    "kommune": "Kommunens navn",
    "saksbehandler": "Kontaktpersonens navn",
    "saksbehandler_telefon": "Kontaktpersonens telefon",
    "saksbehandler_epost": "Kontaktpersonens e-post",
    "møtetid": "Foreslått møtetid, eller «ring oss, så finner vi en tid»",
    "ta_med": "Hva husstanden bør ta med til samtalen (punktliste)",
    "startlån": "Kort forklaring av startlån fra Husbanken",
    "kalkulator": "Adressen til kalkulatoren der man kan regne selv (QR-koden viser hit)",
    "dato": "Brevets dato",
}

FIELD_PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def fields_used(text: str) -> list[str]:
    return [match.group(1) for match in FIELD_PATTERN.finditer(text)]


def template_errors(text: str) -> list[str]:
    """What is wrong with a template's merge fields, in Norwegian, or nothing."""
    errors = []
    unknown = sorted({name for name in fields_used(text) if name not in FIELDS})
    for name in unknown:
        errors.append(f"Ukjent flettefelt «{{{{ {name} }}}}». Bruk et av feltene i listen"
                      f" ({', '.join(FIELDS)}).")
    rest = FIELD_PATTERN.sub("", text)
    if "{{" in rest or "}}" in rest:
        errors.append("Teksten har «{{» eller «}}» som ikke hører til et flettefelt. Et flettefelt skrives"
                      " slik: {{ navn }}.")
    return errors


def merge(text: str, values: dict[str, str]) -> str:
    """The text with every field replaced by its value. Values are inserted as they are: the
    letter layout treats all text as plain text."""
    return FIELD_PATTERN.sub(lambda match: values.get(match.group(1), match.group(0)), text)
