import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from boligvei.cases import services
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.models import Decision
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.cases.factories import case_ready_for_startlan
from tests.conftest import _client_for, make_user
from tests.people.factories import consenting_household, household_with_main_person


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


@pytest.fixture
def case(alice):
    return case_ready_for_startlan(alice)


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


# Guard-rails with an escape


def test_a_startlan_recommendation_on_a_bare_invited_case_is_refused_without_consent(alice):
    bare = services.case_open(actor=alice, household=household_with_main_person())
    with pytest.raises(DomainError, match="Samtykke til kartlegging .* og deling med Husbanken .* kan ikke overstyres"):
        decision_recommend(actor=alice, case=bare, kind="startlan", recommendation="Anbefales.",
                           override_reason="Haster.")
    assert not Decision.objects.exists()


def test_a_startlan_recommendation_without_mapping_or_assessment_needs_a_reason_and_keeps_it(alice, approver):
    bare = services.case_open(actor=alice, household=consenting_household())
    with pytest.raises(DomainError) as refused:
        decision_recommend(actor=alice, case=bare, kind="startlan", recommendation="Anbefales.")
    assert refused.value.messages[:2] == ["Ingen kartlegging er lagret.",
                                          "Ingen vurdering av betjeningsevnen er lagret."]
    decision = decision_recommend(actor=alice, case=bare, kind="startlan", recommendation="Anbefales.",
                                  override_reason="Kartlagt hos NAV i forrige uke; papirene er i arkivet.")
    assert decision.missing == ["Ingen kartlegging er lagret.", "Ingen vurdering av betjeningsevnen er lagret."]
    assert "Kartlagt hos NAV" in bare.events.get(kind="note").text
    page = _client_for(approver).get(reverse("cases:case_detail", args=[bare.pk])).content.decode()
    assert "Sendt selv om noe manglet" in page and "Kartlagt hos NAV i forrige uke" in page


def test_a_mapping_older_than_the_setting_counts_as_missing(alice, case, settings):
    from boligvei.cases.decisions import recommendation_missing

    settings.RECOMMENDATION_EVIDENCE_MAX_AGE_DAYS = 30
    case.mappings.update(created_at=timezone.now() - timezone.timedelta(days=31))
    missing = recommendation_missing(case=case, kind="startlan")
    assert not missing.consent and len(missing.evidence) == 1
    assert missing.evidence[0].startswith("Siste kartlegging er fra") and "eldre enn 30 dager" in missing.evidence[0]
    settings.RECOMMENDATION_EVIDENCE_MAX_AGE_DAYS = 60
    assert not recommendation_missing(case=case, kind="startlan")


def test_a_ready_case_needs_no_reason_and_other_kinds_are_not_held_back(alice):
    ready = case_ready_for_startlan(alice)
    assert decision_recommend(actor=alice, case=ready, kind="startlan", recommendation="Anbefales.",
                              override_reason="Ikke nødvendig.").override_reason == ""
    bare = services.case_open(actor=alice, household=household_with_main_person())
    assert decision_recommend(actor=alice, case=bare, kind="price", recommendation="Takst 2,1 mill.").missing == []


def test_the_recommender_sees_what_is_missing_before_trying(alice_client, alice):
    bare = services.case_open(actor=alice, household=consenting_household())
    page = alice_client.get(reverse("cases:case_detail", args=[bare.pk])).content.decode()
    assert "Før en innstilling om startlån mangler:" in page and "Ingen kartlegging er lagret." in page
    ready = case_ready_for_startlan(alice)
    page = alice_client.get(reverse("cases:case_detail", args=[ready.pk])).content.decode()
    assert "Samtykke, kartlegging og vurdering er på plass" in page


def test_the_approvers_start_page_lists_the_decisions_waiting(alice, approver, case):
    decision_recommend(actor=alice, case=case, kind="startlan", amount=1_800_000, recommendation="Anbefales.")
    page = _client_for(approver).get(reverse("start")).content.decode()
    assert "Saker til beslutning kommer her" not in page
    case.household.refresh_from_db()
    assert case.household.name in page and "innstilling om startlån på 1" in page and "innstilt av Alice" in page
    assert reverse("cases:case_detail", args=[case.pk]) in page
    assert AuditEvent.objects.filter(action="decision.list", actor=approver).get().changes == {
        "households": [case.household_id]}


def test_the_start_page_of_an_approver_with_nothing_waiting_says_so(approver):
    page = _client_for(approver).get(reverse("start")).content.decode()
    assert "Ingen innstillinger venter på vedtak." in page
    assert not AuditEvent.objects.filter(action="decision.list").exists()
