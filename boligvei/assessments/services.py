"""Running and saving affordability assessments.

`assessment_run` asks the pure-Python engine (boligvei.finance) and returns its JSON answer;
`assessment_create` saves the request, the answer and the engine's version with an audit row,
so that the same answer can be shown and reproduced later.
"""

from importlib.metadata import PackageNotFoundError, version

from django.db import transaction

from boligvei.assessments.models import Assessment
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.finance.assess import InvalidRequest, assess_json
from boligvei.people.models import Household


def engine_version() -> str:
    try:
        return f"boligvei {version('boligvei')}"
    except PackageNotFoundError:  # running from a checkout without installing
        return "boligvei (uinstallert)"


def assessment_run(*, request: dict) -> dict:
    """The engine's answer, or a DomainError listing each bad field in Norwegian."""
    try:
        return assess_json(request)
    except InvalidRequest as exc:
        raise DomainError([f"{error['field']}: {error['message']}" for error in exc.to_json()["errors"]]) from exc


@transaction.atomic
def assessment_create(*, actor: User, household: Household, request: dict, note: str = "") -> Assessment:
    result = assessment_run(request=request)
    assessment = Assessment(
        household=household, created_by=actor, year=request["year"], request=request, result=result,
        engine_version=engine_version(), affordable=result["affordable"], max_price=max(result["max_price"], 0),
        note=note,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(actor=actor, action="assessment.create", obj=assessment, household_id=household.pk,
                 changes={"affordable": result["affordable"], "max_price": result["max_price"]})
    return assessment


def assessment_record_view(*, actor: User, household: Household, assessment: Assessment | None = None) -> None:
    """Opening the calculator or a saved assessment reads the household's income and debts."""
    audit_record(actor=actor, action="assessment.view", obj=assessment or household, household_id=household.pk)


def assessment_record_print(*, actor: User, assessment: Assessment, lang: str) -> None:
    audit_record(actor=actor, action="assessment.print", obj=assessment, household_id=assessment.household_id,
                 changes={"language": lang})
