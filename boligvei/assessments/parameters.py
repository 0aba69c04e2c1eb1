"""The engine's parameters in force: an administrator's saved versions over the shipped files.

Every number the engine uses (tax, SIFO, guideline rates, the policy rate behind the stress
test, Husbanken's fees and terms, banks' lending rules) is a JSON document with its source and
validity. Boligvei ships them under `boligvei/finance/data/`; an administrator can save a new
version of any of them (a new policy rate, a corrected figure) and it is in force from then on.
An assessment keeps the exact documents it was made with, so it can be repeated exactly later
whatever changes afterwards.
"""

import json
import uuid
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction

from boligvei.assessments.models import YEARLY_KINDS, ParameterKind, ParameterVersion
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.finance import params as engine_params

FILES = {
    ParameterKind.TAX: "tax-{year}.json",
    ParameterKind.SIFO: "sifo-{year}.json",
    ParameterKind.TAX_INCOME_CLASSES: "tax-income-classes.json",
    ParameterKind.GUIDELINE_RATES: "guideline-rates.json",
    ParameterKind.STRESS_TEST: "stress-test.json",
    ParameterKind.HUSBANKEN_STARTLAN: "husbanken-startlan.json",
    ParameterKind.BANK_LENDING_RULES: "bank-lending-rules.json",
}


def _parse(text: str):
    return json.loads(text, parse_float=Decimal)  # 7.7 % stays exactly 7.7 %


def _file_text(kind: str, year: int | None) -> str | None:
    path = engine_params.DATA_DIR / FILES[kind].format(year=year)
    return path.read_text(encoding="utf-8") if path.exists() else None


def text_in_force(kind: str, year: int | None) -> tuple[str | None, ParameterVersion | None]:
    """The document in force for a kind (and year): the newest saved version, else the file."""
    year = year if kind in YEARLY_KINDS else None
    version = ParameterVersion.objects.filter(kind=kind, year=year).order_by("-created_at", "-id").first()
    return (version.text, version) if version else (_file_text(kind, year), None)


def texts_in_force(year: int) -> dict[str, str]:
    """Every document an assessment for `year` needs (SIFO only where it exists)."""
    texts = {}
    for kind in ParameterKind:
        text, _ = text_in_force(kind, year)
        if text is not None:
            texts[kind.value] = text
    return texts


# The documents in force are kept in the shared cache (every web process sees the same) under a
# generation that a new version replaces, so no process answers with a document once replaced.
# A generation is random, never a counter: one the cache has dropped is not handed out again.
GENERATION_KEY = "assessments:parameters:generation"
CACHE_SECONDS = 3600  # drops the documents of replaced generations


def _generation() -> str:
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def _generation_replace() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def texts_in_force_cached(year: int) -> dict[str, str]:
    """`texts_in_force(year)` through the shared cache: one cache read or two instead of seven
    queries per calculation (the public self-check's largest cost)."""
    key = f"assessments:parameters:{_generation()}:{year}"
    texts = cache.get(key)
    if texts is None:
        texts = texts_in_force(year)
        cache.set(key, texts, timeout=CACHE_SECONDS)
    return texts


def parameter_set(year: int, texts: dict[str, str]) -> engine_params.ParameterSet:
    """Build the engine's ParameterSet from documents (in force now, or stored with an assessment)."""
    classes = engine_params.income_classes_from_dict(_parse(texts[ParameterKind.TAX_INCOME_CLASSES]))
    return engine_params.ParameterSet(
        year=year,
        tax=engine_params.tax_from_dict(_parse(texts[ParameterKind.TAX]), classes),
        guideline_rates=engine_params.guideline_rates_for_year(_parse(texts[ParameterKind.GUIDELINE_RATES]), year),
        stress_test=engine_params.stress_test_from_dict(_parse(texts[ParameterKind.STRESS_TEST])),
        husbanken=engine_params.husbanken_from_dict(_parse(texts[ParameterKind.HUSBANKEN_STARTLAN])),
        bank=engine_params.bank_rules_from_dict(_parse(texts[ParameterKind.BANK_LENDING_RULES])),
        sifo=engine_params.sifo_from_dict(_parse(texts[ParameterKind.SIFO])) if ParameterKind.SIFO in texts else None,
    )


def unconfirmed(data: dict) -> list[str]:
    """What in a parameter document a source has not confirmed yet, in Norwegian, for the
    administrator: the document as a whole, a policy rate, or the pension tax deduction."""
    found = ["hele dokumentet"] if data.get("verify") else []
    found += [f"styringsrenten fra {entry.get('valid_from')}" for entry in data.get("policy_rates", [])
              if isinstance(entry, dict) and entry.get("verify")]
    pension = data.get("pension_tax_deduction")
    if isinstance(pension, dict) and pension.get("verify"):
        found.append("skattefradrag for pensjonsinntekt")
    return found


def _check(kind: str, year: int | None, text: str) -> None:
    """Refuse a document the engine cannot use, with the reason in the message."""
    try:
        data = _parse(text)
    except json.JSONDecodeError as exc:
        raise DomainError(f"Ugyldig JSON på linje {exc.lineno}, kolonne {exc.colno}: {exc.msg}.") from exc
    except RecursionError as exc:  # thousands of nested brackets: the parser gives up
        raise DomainError("Dokumentet har for mange nivåer inne i hverandre til å være et parameterdokument.") from exc
    if not isinstance(data, dict):
        raise DomainError("Dokumentet må være et JSON-objekt som begynner med { – ikke et tall, en liste eller tekst.")
    builders = {
        ParameterKind.TAX: lambda: engine_params.tax_from_dict(data),
        ParameterKind.SIFO: lambda: engine_params.sifo_from_dict(data),
        ParameterKind.TAX_INCOME_CLASSES: lambda: engine_params.income_classes_from_dict(data),
        ParameterKind.GUIDELINE_RATES: lambda: engine_params.guideline_rates_for_year(data, year or 0)
        if year else [engine_params.guideline_rates_from_dict(p) for p in data["periods"]],
        ParameterKind.STRESS_TEST: lambda: engine_params.stress_test_from_dict(data),
        ParameterKind.HUSBANKEN_STARTLAN: lambda: engine_params.husbanken_from_dict(data),
        ParameterKind.BANK_LENDING_RULES: lambda: engine_params.bank_rules_from_dict(data),
    }
    try:
        builders[ParameterKind(kind)]()
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise DomainError(f"Dokumentet kan ikke brukes av beregningen: {exc}") from exc


@transaction.atomic
def parameter_version_create(*, actor: User, kind: str, year: int | None, text: str, note: str) -> ParameterVersion:
    """Save a new version of a parameter document; it is in force from now on."""
    if kind in YEARLY_KINDS and year is None:
        raise DomainError("Velg året dokumentet gjelder.")
    if kind in YEARLY_KINDS and year not in engine_params.supported_years():
        raise DomainError("Nye år legges inn med en ny versjon av Boligvei; her kan gjeldende år rettes.")
    if not note.strip():
        raise DomainError("Skriv kort hva som er endret og hvor tallene kommer fra.")
    _check(kind, year, text)
    version = ParameterVersion(kind=kind, year=year if kind in YEARLY_KINDS else None, text=text,
                               note=note.strip(), created_by=actor)
    version.save()
    audit_record(actor=actor, action="parameters.update", obj=version, changes={"kind": kind, "year": year})
    # Now for this process, and again after the commit: another process that read the old
    # documents in between has put them under the generation replaced here.
    _generation_replace()
    transaction.on_commit(_generation_replace)
    return version
