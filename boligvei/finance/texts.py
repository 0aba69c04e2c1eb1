"""Plain Norwegian texts of the engine's answers that more than one module writes."""

from datetime import date

BINDING_RULE_TEXTS = {
    "husbanken_capacity": "Husbankens krav til betjeningsevne: terminbeløpet på alle lånene med stresstestens "
                          "rente må gå opp i husstandens budsjett.",
    "debt_to_income": "Bankens gjeldsgrense: all gjeld (boliglån, startlån, andel fellesgjeld, studielån, "
                      "billån, kredittkortgrenser og forbrukslån) kan være høyst fem ganger brutto årsinntekt.",
    "bank_stress_test": "Bankens stresstest: husstanden må tåle bankens del av lånet med en rente som er "
                        "3 prosentpoeng høyere enn i dag, og minst 7 prosent.",
}


def format_date(day: date) -> str:
    """A date as Norwegian texts write it, 05.11.2025: the explanations and refusals are read by
    people (never ISO dates there)."""
    return f"{day:%d.%m.%Y}"
