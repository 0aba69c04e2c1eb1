import json
from datetime import date
from decimal import Decimal

import pytest

from boligvei.finance import params
from boligvei.finance.params import (
    DATA_DIR,
    UnknownYearError,
    load_guideline_rates,
    load_parameters,
    load_sifo,
    load_stress_test,
    load_tax,
    tax_from_dict,
)


def test_it_has_tax_parameters_for_2022_to_2026():
    assert {2022, 2023, 2024, 2025, 2026} <= set(params.available_years("tax"))


def test_it_rejects_an_unknown_year_and_lists_the_years_that_exist():
    with pytest.raises(UnknownYearError) as raised:
        load_tax(2019)
    assert raised.value.available == params.available_years("tax")
    assert "2019" in str(raised.value)
    assert "2022, 2023, 2024, 2025, 2026" in str(raised.value)


def test_it_rejects_a_sifo_year_that_does_not_exist():
    with pytest.raises(UnknownYearError) as raised:
        load_sifo(2023)
    assert raised.value.available == (2024, 2025, 2026)


def test_every_data_file_names_its_source_and_date():
    for path in DATA_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data.get("periods") or data.get("policy_rates") or [data]
        for entry in entries:
            assert entry["source"]["title"], path.name
            assert entry["source"]["url"].startswith("http"), path.name
            assert date.fromisoformat(entry["valid_from"]), path.name
            assert isinstance(entry["verify"], bool), path.name


def test_it_reads_rates_as_exact_fractions():
    tax = load_tax(2025)
    assert tax.contribution_rates["wage"] == Decimal("0.077")
    assert tax.brackets[2].rate == Decimal("0.137")
    assert tax.personal_allowance == Decimal("108550")


def test_a_caller_can_pass_its_own_parameter_dict():
    data = json.loads((DATA_DIR / "tax-2026.json").read_text(encoding="utf-8"))
    data["personal_allowance"] = 200000
    tax = tax_from_dict(data)
    assert tax.personal_allowance == 200000
    assert load_tax(2026).personal_allowance == Decimal("114540")


def test_the_guideline_floor_is_the_rate_in_force_at_the_end_of_the_year():
    # The rates were raised on 1 July 2023; the end-of-year rate is the safer floor.
    assert load_guideline_rates(2023).single == 7550
    assert load_guideline_rates(2024).single == 7850


def test_the_guideline_rates_reject_a_year_outside_the_data():
    with pytest.raises(UnknownYearError):
        load_guideline_rates(2030)


def test_the_stress_rate_is_the_policy_rate_in_force_plus_two_and_a_half_points():
    stress = load_stress_test()
    assert stress.stress_rate_on(date(2025, 11, 5)) == Decimal("0.065")
    assert stress.stress_rate_on(date(2024, 6, 1)) == Decimal("0.070")
    with pytest.raises(UnknownYearError):
        stress.policy_rate_on(date(2022, 6, 1))


def test_a_year_without_sifo_still_loads_the_other_parameters():
    loaded = load_parameters(2022)
    assert loaded.sifo is None
    assert loaded.tax.provenance.year == 2022


def test_a_policy_rate_decision_takes_effect_the_day_after_it_is_announced():
    # Norges Bank cut the rate to 4 % on 18 September 2025; it applies from the 19th
    # (domain brief, «Checked against the sources again»: «a decision takes effect the day after»).
    import datetime as dt

    from boligvei.finance.params import load_stress_test

    policy = load_stress_test()
    assert policy.stress_rate_on(dt.date(2025, 9, 18)) == Decimal("0.0675")
    assert policy.stress_rate_on(dt.date(2025, 9, 19)) == Decimal("0.065")


def test_the_bank_rules_are_confirmed_and_in_force_from_31_december_2024():
    from boligvei.finance.params import load_bank_rules

    rules = load_bank_rules()
    assert not rules.provenance.verify and rules.provenance.valid_from.isoformat() == "2024-12-31"
    assert (rules.max_loan_to_value, rules.max_debt_to_gross_income) == (Decimal("0.9"), 5)
    assert rules.stress_rate(Decimal("0.035")) == Decimal("0.07") and rules.stress_rate(Decimal("0.05")) == Decimal("0.08")
