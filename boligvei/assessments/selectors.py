"""What the affordability engine is asked about a household, built from the register.

The register holds yearly gross income per person by type, debts and savings per household,
and the dwelling the household rents with its market value and owner costs. The engine's JSON
request is built from those, so that the calculator opens with the household's own figures
and the caseworker only adjusts what the conversation changes.
"""

import datetime as dt

from django.conf import settings

from boligvei.assessments import hooks
from boligvei.assessments.models import Assessment
from boligvei.finance.params import supported_years
from boligvei.people.models import Household, Person


def _age(birth_date: dt.date, today: dt.date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def _member(person: Person, today: dt.date) -> dict:
    income = {
        "wage": person.income_wage,
        "pension": person.income_pension,
        "disability_benefit": person.income_disability_benefit,
        "other_taxable": person.income_other_taxable,
        "child_benefit": person.income_child_benefit,
        "housing_allowance": person.income_housing_allowance,
        # Social assistance (økonomisk sosialhjelp) is not taxed.
        "other_tax_free": person.income_social_assistance + person.income_other_tax_free,
    }
    return {"age": _age(person.birth_date, today), "sex": person.sex,
            "income": {key: value for key, value in income.items() if value}}


def assessment_year(today: dt.date) -> int:
    """This year's parameters, or the newest year the engine has."""
    years = supported_years()
    return today.year if today.year in years else max(years)


def household_request(*, household: Household, today: dt.date) -> dict:
    """The engine request for buying the dwelling the household rents (or, without one, a
    dwelling at price 0 for the caseworker to fill in), with what higher apps know laid over it
    (the figures from the latest mapping conversation, `hooks`)."""
    tenancy = household.active_tenancy
    return hooks.request_overlaid(household, request_from_register(
        members=list(household.members.order_by("birth_date")), household=household, tenancy=tenancy,
        dwelling=tenancy.dwelling if tenancy else None, today=today))


def request_from_register(*, members, household, tenancy, dwelling, today: dt.date) -> dict:
    """One engine request from register rows already loaded (the calculator loads one household,
    the portfolio screening all of them in a few queries)."""
    request = {
        "year": assessment_year(today),
        "assessment_date": today.isoformat(),
        "members": [_member(person, today) for person in members],
        "car": "none",
        "other_fixed_costs_monthly": household.debt_payments_monthly,
        "equity": household.savings,
        "dwelling": {
            "price": (dwelling.market_value or 0) if dwelling else 0,
            "common_debt": dwelling.common_debt if dwelling else 0,
            "running_costs_monthly": (dwelling.owner_costs_monthly if dwelling else 0)
            + settings.OTHER_RUNNING_COSTS_MONTHLY,
        },
        "loan": {
            "rate_percent": float(settings.STARTLAN_RATE_PERCENT),
            "years": 30,
            "kind": "annuity",
            "interest_tax_deduction": True,
        },
    }
    debts = {"student_loan": household.debt_student_loan,
             "consumer_loans": household.debt_consumer + household.debt_other}
    if any(debts.values()):  # counted in a bank's limit of five times gross income
        request["debts"] = debts
    if tenancy:
        request["rent_monthly"] = tenancy.rent_monthly
    if dwelling and dwelling.market_value:
        request["current_dwelling"] = {"market_value": dwelling.market_value, "common_debt": dwelling.common_debt}
    return request


def household_assessments(*, household: Household) -> list[Assessment]:
    return list(household.assessments.select_related("created_by"))
