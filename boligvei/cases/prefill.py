"""Nothing typed twice: what the case already knows fills the next form.

The latest mapping conversation's figures (income after tax, debt payments and other fixed costs,
living costs, savings) fill the calculator: `mapping_overlay` is registered with
`assessments.hooks` (assessments comes below cases and cannot ask for a mapping itself). The
approved startlån and grant fill the purchase form (`purchase_initial`).

Why the calculator opened with 4 500 kr after a mapping said 45 000 kr: it only ever read the
register (`Household.savings`), and nothing carried the mapping's answers there.
"""

from boligvei.cases import letter_defaults
from boligvei.cases.models import Case, Decision, DecisionKind, DecisionOutcome, Mapping
from boligvei.cases.selectors import open_case_for
from boligvei.cases.services import case_progress


def latest_household_mapping(household_id: int) -> Mapping | None:
    return Mapping.objects.filter(case__household_id=household_id).order_by("-created_at", "-id").first()


def mapping_overlay(household, request: dict) -> None:
    """Lay the latest mapping's figures over the engine request built from the register."""
    saved = latest_household_mapping(household.pk)
    if saved is None:
        return
    answers = saved.answers
    if answers.get("savings") is not None:
        request["equity"] = int(answers["savings"])
    fixed = [answers.get(key) for key in ("debt_payments_monthly", "other_costs_monthly")]
    if any(value is not None for value in fixed):
        request["other_fixed_costs_monthly"] = sum(int(value or 0) for value in fixed)
    for key in ("net_income_monthly", "living_costs_monthly"):
        if answers.get(key) is not None:
            request[key] = int(answers[key])


def assessment_saved(*, actor, assessment) -> None:
    """A saved assessment moves the household's open case on to «Betjeningsevne vurdert»."""
    case = open_case_for(household_id=assessment.household_id)
    if case is not None:
        case_progress(actor=actor, case=case, event="assessment_saved",
                      cause=f"Betjeningsevnen er vurdert: høyeste totalpris {assessment.max_price:,} kr."
                      .replace(",", "\u00a0"))


def purchase_initial(case: Case) -> dict:
    """The purchase form's starting figures from the approved decisions in the case."""
    initial = {}
    approved = (Decision.objects.filter(case=case, outcome__in=[DecisionOutcome.APPROVED, DecisionOutcome.PARTIAL],
                                        amount__isnull=False).order_by("decided_at", "id"))
    for decision in approved:  # the newest approval of each kind wins; a partial one with the amount approved
        amount = decision.approved_amount or decision.amount
        if decision.kind == DecisionKind.STARTLAN:
            initial["startlan"] = amount
        elif decision.kind == DecisionKind.GRANT:
            initial["grant"] = amount
    return initial


def letting_initial(entry, dwelling=None) -> dict:
    """The letting form filled from what the register knows: the rules, the facts of the
    household's application (and the dwelling, when one was picked), and the dwelling's contract."""
    size = entry.household.members.count()
    facts = (f"Husstanden på {size} person{'er' if size != 1 else ''} søkte om kommunal bolig "
             f"{entry.application_date:%d.%m.%Y} og har stått på ventelisten siden da, med behov: "
             f"{entry.get_need_category_display().lower()} og prioritet {entry.get_priority_display().lower()}.")
    initial = {"rules": letter_defaults.RULES["letting"], "facts": facts, "contract_type": "fixed_term"}
    if dwelling is not None:
        initial["dwelling"] = dwelling.pk
        initial["facts"] = facts + (f" Boligen har {dwelling.rooms} rom"
                                    + (" og er tilgjengelig for rullestolbruker." if dwelling.wheelchair_accessible
                                       else "."))
    return initial
