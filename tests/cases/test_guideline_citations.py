"""Recommendations and decisions cite the municipality's guidelines in force on their day; the
decision letter's grounds name the paragraphs and the adoption (cases/guideline_citations.py)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.demo.guidelines import demo_guidelines_create
from tests.cases.factories import case_ready_for_startlan
from tests.conftest import _client_for, make_user
from tests.people.factories import PersonFactory

SECOND = "Retningslinjer for startlån, vedtatt av bystyret 31.10.2013"


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


@pytest.fixture
def versions(alice):
    return demo_guidelines_create(actor=alice)


@pytest.fixture
def case(alice, versions):
    case = case_ready_for_startlan(alice, income_disability_benefit=0, birth_date=dt.date(1985, 1, 1))
    PersonFactory(household=case.household, relation="child", birth_date=dt.date(2016, 4, 1),
                  income_disability_benefit=0)
    return case


def test_a_recommendation_cites_what_the_household_meets_unless_told_otherwise(alice, case, versions):
    decision = decision_recommend(actor=alice, case=case, kind="startlan", recommendation="Anbefales.")
    assert decision.guideline == versions[1]
    assert decision.guideline_paragraphs == ["§ 2 a", "§ 5", "§ 6"]
    event = AuditEvent.objects.get(action="case.decision.recommend")
    assert event.changes["guideline_paragraphs"] == ["§ 2 a", "§ 5", "§ 6"]
    assert case.events.filter(text__contains=f"Bygger på {SECOND}, § 2 a, § 5 og § 6.").exists()


def test_the_caseworker_chooses_the_paragraphs_and_cannot_cite_one_the_version_lacks(alice, case):
    decision = decision_recommend(actor=alice, case=case, kind="startlan", recommendation="Anbefales.",
                                  guideline_paragraphs=["§ 2 d", "§ 5"])
    assert decision.guideline_paragraphs == ["§ 2 d", "§ 5"]
    decision.delete()
    with pytest.raises(DomainError, match="har ikke § 9"):
        decision_recommend(actor=alice, case=case, kind="startlan", recommendation="Anbefales.",
                           guideline_paragraphs=["§ 9"])


def test_the_decision_keeps_the_recommended_paragraphs_and_the_letter_cites_them(alice, approver, case):
    decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=1_500_000,
                                  recommendation="Anbefales.", guideline_paragraphs=["§ 2 a", "§ 6"])
    decision_decide(actor=approver, decision=decision, outcome="approved", grounds="", price_frame=2_000_000)
    decision.refresh_from_db()
    assert decision.guideline_paragraphs == ["§ 2 a", "§ 6"]
    letter = decision.letters.get(kind="approved")
    assert f"kommunens retningslinjer for startlån ({SECOND}, § 2 a og § 6)." in letter.body


def test_a_decision_made_under_the_first_version_cites_it(alice, approver, case, versions):
    case.household.tenancies.update(start_date=dt.date(2010, 1, 1))
    PersonFactory(household=case.household, relation="child", birth_date=dt.date(2009, 4, 1),
                  income_disability_benefit=0)
    with time_machine.travel(dt.datetime(2013, 6, 3, 10, tzinfo=dt.UTC), tick=False):
        decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=1_500_000,
                                      recommendation="Anbefales.", override_reason="Vurdert i samtalen.")
        assert decision.guideline == versions[0]
        # The first version: § 2 a leier kommunal bolig, § 2 b barnefamilie.
        assert decision.guideline_paragraphs == ["§ 2 a", "§ 2 b", "§ 5", "§ 6"]
    decision_decide(actor=approver, decision=decision, outcome="refused", grounds="For høy gjeld.",
                    facts="Gjeld 400 000 kr.", children_interests="Barnet bor trygt i dag.")
    decision.refresh_from_db()
    assert decision.guideline == versions[1]  # decided today: the version in force now, prefilled again
    assert decision.guideline_paragraphs == ["§ 2 a", "§ 5", "§ 6"]


def test_the_case_page_shows_the_guidelines_and_prefills_the_paragraphs(alice_client, approver, alice, case):
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Kommunens retningslinjer" in page and "§ 2 a: barnefamilie" in page
    assert "Prisramme § 5" in page
    assert 'name="guideline_paragraphs" value="§ 2 a"' in page
    response = alice_client.post(reverse("cases:decision_recommend", args=[case.pk]), {
        "kind": "startlan", "amount": "1500000", "recommendation": "Anbefales.", "override_reason": "",
        "guideline_paragraphs": ["§ 2 a", "§ 5"]})
    assert response.status_code == 302
    decision = case.decisions.get()
    assert decision.guideline_paragraphs == ["§ 2 a", "§ 5"]
    approver_page = _client_for(approver).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Bygger på retningslinjer for startlån fra 01.11.2013" in approver_page


def test_the_households_data_export_holds_the_cited_paragraphs(alice, case):
    from boligvei.privacy import export, selectors

    decision_recommend(actor=alice, case=case, kind="startlan", recommendation="Anbefales.")
    data = export.export_data(selectors.household_record(household=case.household))
    [cited] = data["cases"][0]["decisions"]
    assert cited["guidelines"] == "Retningslinjer for startlån fra 01.11.2013"
    assert cited["guideline_paragraphs"] == ["§ 2 a", "§ 5", "§ 6"]
