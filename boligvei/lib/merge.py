"""Merge fields in letter templates the municipality writes: `{{ navn }}` is replaced by a value.

Templates are plain text (see `boligvei.core.letters` for the layout rules). Each kind of letter
declares the fields it offers; `template_errors` names the ones a template may not use, and
unbalanced braces, so that a template that would print "{{ nvan }}" to a tenant is never saved.
Used by the outreach letters and by the case's decision letters.
"""

import re
from collections.abc import Iterable

FIELD_PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def fields_used(text: str) -> list[str]:
    return [match.group(1) for match in FIELD_PATTERN.finditer(text)]


def template_errors(text: str, fields: Iterable[str]) -> list[str]:
    """What is wrong with a template's merge fields, in Norwegian, or nothing."""
    fields = list(fields)
    errors = []
    unknown = sorted({name for name in fields_used(text) if name not in fields})
    for name in unknown:
        errors.append(f"Ukjent flettefelt «{{{{ {name} }}}}». Bruk et av feltene i listen"
                      f" ({', '.join(fields)}).")
    rest = FIELD_PATTERN.sub("", text)
    if "{{" in rest or "}}" in rest:
        errors.append("Teksten har «{{» eller «}}» som ikke hører til et flettefelt. Et flettefelt skrives"
                      " slik: {{ navn }}.")
    return errors


def merge(text: str, values: dict[str, str]) -> str:
    """The text with every field replaced by its value. Values are inserted as they are: the
    letter layout treats all text as plain text."""
    return FIELD_PATTERN.sub(lambda match: values.get(match.group(1), match.group(0)), text)
