"""Nothing typed twice: the mapping fills the calculator, the approved decisions fill the purchase
form, and after the purchase the household's postal address is the new home's."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from boligvei.assessments.selectors import household_request
from boligvei.cases import mapping, services
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.prefill import purchase_initial
from boligvei.cases.purchases import case_record_purchase
from tests.cases.factories import case_ready_for_startlan
from tests.conftest import make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import consenting_household


def _input_value(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1)


@pytest.fixture
def case(alice):
    household = consenting_household()
    household.savings = 4_500  # what the register said before the conversation
    household.save()
    TenancyFactory(household=household)
    return services.case_open(actor=alice, household=household, status="conversation_held")


def test_the_calculator_opens_with_the_mappings_savings_not_the_registers(alice_client, alice, case):
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 45_000})
    page = alice_client.get(reverse("assessments:calculator", args=[case.household_id])).content.decode()
    assert _input_value(page, "equity") == "45000"


def test_the_calculator_opens_with_the_registers_figures_without_a_mapping(alice_client, case):
    page = alice_client.get(reverse("assessments:calculator", args=[case.household_id])).content.decode()
    assert _input_value(page, "equity") == "4500"


def test_the_mappings_income_debts_and_costs_fill_the_engine_request(alice, case):
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={
        "savings": 45_000, "net_income_monthly": 31_500, "debt_payments_monthly": 1_200, "other_costs_monthly": 2_300,
        "living_costs_monthly": 14_000})
    request = household_request(household=case.household, today=timezone.localdate())
    assert (request["equity"], request["net_income_monthly"], request["other_fixed_costs_monthly"],
            request["living_costs_monthly"]) == (45_000, 31_500, 3_500, 14_000)


def test_the_newest_mapping_wins(alice, case):
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 45_000})
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 60_000})
    assert household_request(household=case.household, today=timezone.localdate())["equity"] == 60_000


def test_the_known_net_income_shows_on_the_calculator_and_emptying_it_estimates_again(alice_client, alice, case):
    services.mapping_create(actor=alice, case=case, version=mapping.CURRENT_VERSION,
                            answers={"net_income_monthly": 31_500})
    url = reverse("assessments:calculator", args=[case.household_id])
    page = alice_client.get(url).content.decode()
    assert _input_value(page, "net_income_monthly") == "31500"
    fields = {name: _input_value(page, name) for name in (
        "price", "common_debt", "equity", "rate_percent", "years", "running_costs_monthly",
        "other_fixed_costs_monthly")}
    posted = alice_client.post(url, {**fields, "kind": "annuity", "car": "none", "year": "2026",
                                     "net_income_monthly": ""}, HTTP_HX_REQUEST="true").content.decode()
    shown = alice_client.post(url, {**fields, "kind": "annuity", "car": "none", "year": "2026",
                                    "net_income_monthly": "31500"}, HTTP_HX_REQUEST="true").content.decode()
    assert posted != shown  # the emptied field is estimated from the register, not kept from the mapping


def test_the_approved_startlan_fills_the_purchase_form(alice_client, alice, team):
    ready = case_ready_for_startlan(alice)
    decision = decision_recommend(actor=alice, case=ready, kind="startlan", amount=1_850_000,
                                  recommendation="Anbefales.")
    assert purchase_initial(ready) == {}  # not yet approved
    decision_decide(actor=make_user("petra", "approver", team), decision=decision, outcome="approved", grounds="",
                    price_frame=2_500_000)
    assert purchase_initial(ready) == {"startlan": 1_850_000}
    page = alice_client.get(reverse("cases:case_purchase", args=[ready.pk])).content.decode()
    assert _input_value(page, "startlan") == "1850000"


def _approved(alice, team):
    ready = case_ready_for_startlan(alice)
    decision = decision_recommend(actor=alice, case=ready, kind="startlan", amount=1_500_000,
                                  recommendation="Anbefales.")
    decision_decide(actor=make_user("petra", "approver", team), decision=decision, outcome="approved", grounds="",
                    price_frame=2_500_000)
    ready.refresh_from_db()
    return ready


def test_after_buying_the_rented_dwelling_the_household_lives_there(alice_client, alice, team):
    ready = _approved(alice, team)
    dwelling = ready.household.active_tenancy.dwelling
    case_record_purchase(actor=alice, case=ready, expected_version=ready.version, completed_on=timezone.localdate(),
                         price=2_000_000, startlan=1_500_000, equity=500_000, bought_rented_dwelling=True)
    household = ready.household
    household.refresh_from_db()
    assert (household.address_line, household.postal_code, household.postal_place) == (
        dwelling.street_address, dwelling.postal_code, dwelling.postal_place)
    page = alice_client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    postal = page[page.index("<dt>Postadresse</dt>"):][:200]
    assert dwelling.street_address in postal and "Ikke registrert" not in postal


def test_after_buying_another_home_the_household_lives_at_its_address(alice, team):
    ready = _approved(alice, team)
    case_record_purchase(actor=alice, case=ready, expected_version=ready.version, completed_on=timezone.localdate(),
                         price=2_000_000, startlan=1_500_000, equity=500_000, bought_rented_dwelling=False,
                         address="Granveien 12", postal_code="3999", postal_place="Fjordvik")
    ready.household.refresh_from_db()
    assert (ready.household.address_line, ready.household.postal_code, ready.household.postal_place) == (
        "Granveien 12", "3999", "Fjordvik")
    ready.refresh_from_db()
    assert ready.status == "purchased"
