import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from boligvei.cases import services
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.models import Decision
from boligvei.core.errors import DomainError
from tests.conftest import _client_for, make_user
from tests.people.factories import household_with_main_person


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


@pytest.fixture
def case(alice):
    return services.case_open(actor=alice, household=household_with_main_person())


def test_a_recommendation_is_decided_by_another_person(alice, approver, case):
    decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=1_800_000,
                                  recommendation="Stabil uføretrygd, betjeningsevne med god margin.")
    decision_decide(actor=approver, decision=decision, outcome="approved", grounds="", price_frame=2_300_000)
    decision.refresh_from_db()
    assert decision.outcome == "approved" and decision.decided_by == approver


def test_the_same_person_cannot_recommend_and_decide(approver, case):
    decision = decision_recommend(actor=approver, case=case, kind="startlan", recommendation="Anbefales.")
    with pytest.raises(DomainError, match="kan ikke også fatte vedtaket"):
        decision_decide(actor=approver, decision=decision, outcome="approved", grounds="")
    assert Decision.objects.get().is_pending


def test_the_database_also_refuses_one_person_in_both_roles(approver, case):
    decision = decision_recommend(actor=approver, case=case, kind="price", recommendation="Takst 2,1 mill.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(outcome="approved", decided_by=approver,
                                                       decided_at=timezone.now())


def test_only_an_approver_decides(alice, bob, case, team):
    other_caseworker = make_user("dora", "caseworker", team)
    decision = decision_recommend(actor=alice, case=case, kind="startlan", recommendation="Anbefales.")
    with pytest.raises(DomainError, match="fullmaktshaver"):
        decision_decide(actor=other_caseworker, decision=decision, outcome="approved", grounds="")


def test_a_refusal_needs_grounds_and_tells_about_the_right_to_appeal(alice, approver, case):
    decision = decision_recommend(actor=alice, case=case, kind="grant", amount=200_000, recommendation="Søkt.")
    with pytest.raises(DomainError, match="må begrunnes"):
        decision_decide(actor=approver, decision=decision, outcome="refused", grounds=" ")
    decision_decide(actor=approver, decision=decision, outcome="refused", grounds="Inntekten er ikke varig lav.",
                    facts="Husstanden har fast lønn på 610 000 kr.")
    assert case.events.filter(text__contains="klage på vedtaket innen tre uker").exists()


def test_the_approver_finds_it_in_my_work_and_decides_on_the_case_page(alice, approver, case):
    decision_recommend(actor=alice, case=case, kind="startlan", amount=1_500_000, recommendation="Anbefales.")
    client = _client_for(approver)
    assert "Til beslutning" in client.get(reverse("cases:my_work")).content.decode()
    decision = Decision.objects.get()
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:decision_decide", args=[decision.pk]) in page
    response = client.post(reverse("cases:decision_decide", args=[decision.pk]),
                           {"outcome": "approved", "price_frame": "1800000", "valid_months": "6"})
    assert response.status_code == 302 and Decision.objects.get().outcome == "approved"


def test_the_recommender_is_not_offered_the_decision(approver, case):
    decision = decision_recommend(actor=approver, case=case, kind="startlan", recommendation="Anbefales.")
    page = _client_for(approver).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:decision_decide", args=[decision.pk]) not in page
    assert "En annen fullmaktshaver fatter vedtaket" in page
