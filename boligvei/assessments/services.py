"""Running and saving affordability assessments.

`assessment_run` asks the pure-Python engine (boligvei.finance) and returns its JSON answer;
`assessment_create` saves the request, the answer and the engine's version with an audit row,
so that the same answer can be shown and reproduced later.
"""

from dataclasses import dataclass
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version

from django.db import transaction

from boligvei.assessments import hooks
from boligvei.assessments.models import Assessment
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.assessments.parameters import parameter_set, texts_in_force, texts_in_force_cached
from boligvei.finance.assess import InvalidRequest, assess, from_json, to_json
from boligvei.finance.loans import LoanTerms, schedule
from boligvei.finance.model import FIRST_RULES_VERSION, RULES_VERSION
from boligvei.finance.params import load_husbanken
from boligvei.people.models import Household
from boligvei.people.services import consent_require_for


def engine_version() -> str:
    """The package version and the version of the rules (`finance.model.RULES_VERSION`)."""
    try:
        return f"boligvei {version('boligvei')} regler {RULES_VERSION}"
    except PackageNotFoundError:  # running from a checkout without installing
        return f"boligvei (uinstallert) regler {RULES_VERSION}"


def assessment_run(*, request: dict, texts: dict[str, str] | None = None, rules: int = RULES_VERSION) -> dict:
    """The engine's answer with the parameters in force (or the documents given), or a
    DomainError listing each bad field in Norwegian."""
    try:
        parsed = from_json(request)
    except InvalidRequest as exc:
        raise DomainError([f"{error['field']}: {error['message']}" for error in exc.to_json()["errors"]]) from exc
    texts = texts if texts is not None else texts_in_force_cached(parsed.year)
    return to_json(assess(parsed, parameter_set(parsed.year, texts), rules=rules))


def rules_of(result: dict) -> int:
    """The rules a stored answer was made with: results from before version 2 do not say."""
    return int(result.get("rules_version", FIRST_RULES_VERSION))


def headline_price(result: dict) -> int:
    """The price the lists show for an answer: the highest price the household can finance
    (rules 2), or Husbanken's capacity alone for answers made before the headline existed."""
    return result["headline"]["price"] if "headline" in result else result["max_price"]


def assessment_reproduce(*, assessment: Assessment) -> dict:
    """The saved assessment calculated again with the parameter documents and the rules
    version stored with it, so it gives the same answer whatever has changed since."""
    return assessment_run(request=assessment.request, texts=assessment.parameter_texts,
                          rules=rules_of(assessment.result))


@transaction.atomic
def assessment_create(*, actor: User, household: Household, request: dict, note: str = "") -> Assessment:
    """Save an assessment of the household's own figures; it needs the household's consent to
    mapping its situation (the calculator without saving, and the self-check, store nothing)."""
    consent_require_for(household, "assessment.create")
    texts = texts_in_force(request["year"])
    result = assessment_run(request=request, texts=texts)
    assessment = Assessment(
        household=household, created_by=actor, year=request["year"], request=request, result=result,
        engine_version=engine_version(), parameter_texts=texts, affordable=result["affordable"],
        max_price=max(headline_price(result), 0), note=note,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(actor=actor, action="assessment.create", obj=assessment, household_id=household.pk,
                 changes={"affordable": result["affordable"], "max_price": result["max_price"]})
    hooks.assessment_saved(actor=actor, assessment=assessment)
    return assessment


def assessment_record_view(*, actor: User, household: Household, assessment: Assessment | None = None) -> None:
    """Opening the calculator or a saved assessment reads the household's income and debts."""
    audit_record(actor=actor, action="assessment.view", obj=assessment or household, household_id=household.pk)


def assessment_record_print(*, actor: User, assessment: Assessment, lang: str) -> None:
    audit_record(actor=actor, action="assessment.print", obj=assessment, household_id=assessment.household_id,
                 changes={"language": lang})


@dataclass(frozen=True)
class ScheduleYear:
    year: int
    interest: int
    repayment: int
    fees: int
    balance: int

    @property
    def payment(self) -> int:
        return self.interest + self.repayment + self.fees


def repayment_schedule(*, request: dict, result: dict) -> list[ScheduleYear]:
    """The loan in the answer, paid down year by year at the agreed rate (the engine's monthly
    schedule in øre, summed per year and shown in whole kroner)."""
    loan = request["loan"]
    if result["loan_amount"] <= 0:
        return []
    if rules_of(result) >= 2:  # the municipality's fee and the rate with its margin, as answered
        fee, rate = Decimal(result["instalment_fee_monthly"]), Decimal(str(result["rate_percent"]))
    else:  # the first rules charged Husbanken's own fee
        fee = load_husbanken().instalment_fee[loan.get("application", "electronic")]
        rate = Decimal(str(loan["rate_percent"]))
    terms = LoanTerms(
        principal=Decimal(result["loan_amount"]), annual_rate=rate / 100,
        years=int(loan.get("years", 30)), kind=loan.get("kind", "annuity"),
        interest_only_years=int(loan.get("interest_only_years", 0)), instalment_fee=fee,
    )
    years = []
    months = schedule(terms).instalments
    for start in range(0, len(months), 12):
        chunk = months[start:start + 12]
        years.append(ScheduleYear(
            year=start // 12 + 1, interest=round(sum(m.interest for m in chunk)),
            repayment=round(sum(m.repayment for m in chunk)), fees=round(sum(m.fee for m in chunk)),
            balance=round(chunk[-1].balance)))
    return years
