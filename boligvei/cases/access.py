"""Object access for cases: the household's access decides."""

from django.shortcuts import get_object_or_404

from boligvei.cases.models import (
    Case, Decision, DecisionLetter, FinancingCertificate, FollowUpTask, Letting, PurchaseFollowUp,
)
from boligvei.people.access import get_household_for_user


def get_case_for_user(user, pk: int, *, write: bool = False) -> Case:
    case = get_object_or_404(Case.objects.select_related("household", "caseworker", "team"), pk=pk)
    get_household_for_user(user, case.household_id, write=write)
    return case


def get_task_for_user(user, pk: int, *, write: bool = False) -> FollowUpTask:
    task = get_object_or_404(FollowUpTask.objects.select_related("case"), pk=pk)
    get_household_for_user(user, task.case.household_id, write=write)
    return task


def get_follow_up_for_user(user, pk: int, *, write: bool = False) -> PurchaseFollowUp:
    follow_up = get_object_or_404(PurchaseFollowUp.objects.select_related("case__household", "case__purchase"), pk=pk)
    get_household_for_user(user, follow_up.case.household_id, write=write)
    return follow_up


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("case__household", "case__caseworker"), pk=pk)
    get_household_for_user(user, decision.case.household_id, write=write)
    return decision


def get_letter_for_user(user, pk: int) -> DecisionLetter:
    letter = get_object_or_404(DecisionLetter.objects.select_related("decision__case", "letting"), pk=pk)
    get_household_for_user(user, letter.household_id)
    return letter


def get_letting_for_user(user, pk: int, *, write: bool = False) -> Letting:
    letting = get_object_or_404(Letting.objects.select_related(
        "household", "dwelling", "entry", "case", "proposed_by", "decided_by", "tenancy"), pk=pk)
    get_household_for_user(user, letting.household_id, write=write)
    return letting


def get_certificate_for_user(user, pk: int, *, write: bool = False) -> FinancingCertificate:
    certificate = get_object_or_404(FinancingCertificate.objects.select_related("case__household"), pk=pk)
    get_household_for_user(user, certificate.case.household_id, write=write)
    return certificate
