"""The work moves the case: saving what happened moves it forward, only forward, only where the
pipeline allows, each move on the timeline with its cause (cases.services.case_progress)."""

import pytest
from django.utils import timezone

from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create
from boligvei.cases import decisions, mapping, pipeline, services
from boligvei.cases.models import CaseMilestone
from boligvei.cases.funnel import Stage
from boligvei.cases.pipeline import Status
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.conftest import make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import consenting_household


@pytest.fixture
def case(alice):
    household = consenting_household()
    TenancyFactory(household=household)
    return services.case_open(actor=alice, household=household, status=Status.CONVERSATION_HELD)


def _moves(case):
    return [(e.from_status, e.to_status, e.text) for e in case.events.filter(kind="status").order_by("at", "id")]


def test_saving_a_mapping_moves_the_case_to_mapped_with_its_cause(alice, case):
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 45_000})
    case.refresh_from_db()
    assert case.status == Status.MAPPED
    assert _moves(case) == [("conversation_held", "mapped", "Kartleggingen er lagret.")]
    assert AuditEvent.objects.filter(action="case.move", object_id=str(case.pk)).get().changes["manual"] is False


def test_saving_an_assessment_moves_the_mapped_case_to_assessed(alice, case):
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 45_000})
    assessment_create(actor=alice, household=case.household,
                      request=household_request(household=case.household, today=timezone.localdate()))
    case.refresh_from_db()
    assert case.status == Status.ASSESSED
    assert _moves(case)[-1][2].startswith("Betjeningsevnen er vurdert")
    assert CaseMilestone.objects.filter(case=case, stage=Stage.ASSESSED).exists()


def test_the_work_never_moves_a_case_backwards(alice, case):
    services.case_move(actor=alice, case=case, to_status=Status.MAPPED, expected_version=case.version)
    services.case_move(actor=alice, case=case, to_status=Status.ASSESSED, expected_version=case.version)
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 1})
    case.refresh_from_db()
    assert case.status == Status.ASSESSED


def test_the_work_moves_a_case_only_where_the_pipeline_allows(alice):
    household = consenting_household()
    case = services.case_open(actor=alice, household=household)  # invited: no move to "mapped" from here
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 1})
    case.refresh_from_db()
    assert case.status == Status.INVITED


def _recommended_startlan(alice, case):
    """A startlån of 2 000 000 kr recommended after a mapping and an assessment (the guard-rails)."""
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 1})
    assessment_create(actor=alice, household=case.household,
                      request=household_request(household=case.household, today=timezone.localdate()))
    return decisions.decision_recommend(actor=alice, case=case, kind="startlan", amount=2_000_000,
                                        recommendation="Innvilges.")


def test_a_startlan_recommendation_and_its_approval_move_the_case_to_financing_approved(alice, case, team):
    decision = _recommended_startlan(alice, case)
    case.refresh_from_db()
    assert case.status == Status.APPLYING
    approver = make_user("petra", "approver", team)
    decisions.decision_decide(actor=approver, decision=decision, outcome="approved", grounds="", price_frame=2_400_000)
    case.refresh_from_db()
    assert case.status == Status.FINANCING_APPROVED
    assert _moves(case)[-1] == ("applying", "financing_approved", "Startlån innvilget: finansieringsbevis gitt.")


def test_a_partial_approval_gives_a_certificate_and_moves_the_case_too(alice, case, team):
    decision = _recommended_startlan(alice, case)
    decisions.decision_decide(actor=make_user("petra", "approver", team), decision=decision, outcome="partial",
                              approved_amount=1_700_000, facts="Lønn 520 000 kr.", grounds="Bærer 1,7 mill.",
                              children_interests="Barna kan bli boende i nærmiljøet.", price_frame=2_000_000)
    case.refresh_from_db()
    assert case.status == Status.FINANCING_APPROVED and decision.certificate.amount == 1_700_000


def test_a_refusal_leaves_the_case_where_it_is(alice, case, team):
    decision = _recommended_startlan(alice, case)
    decisions.decision_decide(actor=make_user("petra", "approver", team), decision=decision, outcome="refused",
                              grounds="Betjeningsevnen holder ikke i stresstesten.", facts="Lønn 400 000 kr.",
                              children_interests="Barna bor trygt i dag; et lån husstanden ikke bærer, er ikke til "
                                                 "deres beste.")
    case.refresh_from_db()
    assert case.status == Status.APPLYING


def test_the_first_follow_up_done_after_the_purchase_moves_the_case_on(alice, case):
    from boligvei.cases.follow_ups import follow_up_record
    from boligvei.cases.models import Purchase

    case.status = Status.PURCHASED
    case.save()
    Purchase.objects.create(case=case, completed_on=timezone.localdate(), price=1, equity=1,
                            bought_rented_dwelling=False)
    task = services.task_create(actor=alice, case=case, title="Sende forsikringsbeviset",
                                due_on=timezone.localdate(), assignee=alice)
    services.task_complete(actor=alice, task=task)  # a task is not the follow-up
    case.refresh_from_db()
    assert case.status == Status.PURCHASED
    follow_up = case.follow_ups.create(months=3, due_on=timezone.localdate())
    follow_up_record(actor=alice, follow_up=follow_up, done_on=timezone.localdate(), wellbeing="Trives.",
                     payment_trouble="none")
    case.refresh_from_db()
    assert case.status == Status.AFTER_PURCHASE
    assert _moves(case)[-1][2] == "Første oppfølging etter kjøpet er gjort."


def test_a_move_by_hand_needs_a_reason(alice, case):
    with pytest.raises(DomainError, match="for hånd"):
        services.case_move(actor=alice, case=case, to_status=Status.MAPPED, expected_version=case.version,
                           manual=True)
    services.case_move(actor=alice, case=case, to_status=Status.MAPPED, expected_version=case.version,
                       manual=True, reason="Kartla på papir hos NAV.")
    case.refresh_from_db()
    assert _moves(case) == [("conversation_held", "mapped", "Kartla på papir hos NAV.")]


def test_every_event_leads_to_a_status_on_the_main_path():
    assert set(pipeline.PROGRESS.values()) <= set(pipeline.MAIN_PATH)


def test_the_next_step_after_the_purchase_is_no_longer_to_register_it():
    assert "Registrer kjøpet" not in pipeline.NEXT_STEP[Status.PURCHASED]
    assert "oppfølging" in pipeline.NEXT_STEP[Status.PURCHASED].lower()
