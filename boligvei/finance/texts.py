"""Plain Norwegian texts of the engine's answers that more than one module writes."""

BINDING_RULE_TEXTS = {
    "husbanken_capacity": "Husbankens krav til betjeningsevne: terminbeløpet på alle lånene med stresstestens "
                          "rente må gå opp i husstandens budsjett.",
    "debt_to_income": "Bankens gjeldsgrense: all gjeld (boliglån, startlån, andel fellesgjeld, studielån, "
                      "billån, kredittkortgrenser og forbrukslån) kan være høyst fem ganger brutto årsinntekt.",
    "bank_stress_test": "Bankens stresstest: husstanden må tåle bankens del av lånet med en rente som er "
                        "3 prosentpoeng høyere enn i dag, og minst 7 prosent.",
}
