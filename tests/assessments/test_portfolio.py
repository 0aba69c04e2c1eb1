import csv
import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse

from boligvei.assessments.portfolio import candidates_filtered, portfolio_screen
from boligvei.core.models import AuditEvent
from tests.conftest import count_queries
from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person

TODAY = dt.date(2026, 11, 24)


def _tenant(last_name, *, wage, savings, price, area="Lia", tenure="owned", potential=True):
    household = household_with_main_person(first_name="Test", last_name=last_name, income_wage=wage,
                                           income_disability_benefit=0, birth_date=dt.date(1980, 1, 1))
    household.savings = savings
    household.save()
    return TenancyFactory(household=household, dwelling__market_value=price, dwelling__area=area,
                          dwelling__tenure=tenure, dwelling__rent_to_own_potential=potential,
                          dwelling__valuation_date=None if price is None else dt.date(2026, 1, 1))


def test_households_are_ranked_by_how_near_a_purchase_is(db):
    _tenant("Langt", wage=250_000, savings=0, price=3_000_000)
    _tenant("Klar", wage=900_000, savings=400_000, price=1_500_000)
    screening = portfolio_screen(today=TODAY)
    assert [c.household_name for c in screening.candidates] == ["Klar, Test", "Langt, Test"]
    ready, far = screening.candidates
    assert ready.readiness == "ready" and ready.shortfall == 0 and ready.max_price >= 1_500_000
    assert far.readiness == "far" and far.shortfall == 3_000_000 - far.max_price


def test_a_household_just_short_of_the_price_is_close(db):
    _tenant("Nær", wage=520_000, savings=50_000, price=1_000_000)
    max_price = portfolio_screen(today=TODAY).candidates[0].max_price
    # Raise the price just over what the household can reach: short by less than 15 %.
    from boligvei.housing.models import Dwelling

    Dwelling.objects.update(market_value=int(max_price * 1.1))
    candidate = portfolio_screen(today=TODAY).candidates[0]
    assert candidate.readiness == "close" and 0 < candidate.shortfall <= 0.15 * candidate.total_price


def test_the_screening_agrees_with_the_calculator(alice_client, db):
    tenancy = _tenant("Sjekk", wage=610_000, savings=120_000, price=2_100_000)
    candidate = portfolio_screen(today=TODAY).candidates[0]
    from boligvei.assessments.selectors import household_request
    from boligvei.assessments.services import assessment_run

    exact = assessment_run(request=household_request(household=tenancy.household, today=TODAY))
    assert abs(candidate.max_price - exact["max_price"]) <= 1
    assert (candidate.readiness == "ready") == exact["current_dwelling"]["can_buy"]


def test_dwellings_that_cannot_be_sold_are_listed_with_the_reason(db):
    _tenant("Innleid", wage=500_000, savings=0, price=None, tenure="rented_in")
    screening = portfolio_screen(today=TODAY)
    assert screening.candidates == []
    assert screening.skipped[0].reason == "Boligen er innleid og kan ikke selges til leietaker."


def test_filters_narrow_the_candidates(db):
    _tenant("Lia", wage=900_000, savings=400_000, price=1_500_000, area="Lia")
    _tenant("Sentrum", wage=900_000, savings=400_000, price=1_500_000, area="Sentrum", potential=False)
    screening = portfolio_screen(today=TODAY)
    assert [c.area for c in candidates_filtered(screening, filters={"area": "Sentrum"})] == ["Sentrum"]
    assert [c.area for c in candidates_filtered(screening, filters={"potential": "yes"})] == ["Lia"]
    assert [c.area for c in candidates_filtered(screening, search="sentrum", filters={})] == ["Sentrum"]


def test_the_candidate_page_costs_the_same_queries_for_3_and_30_tenants(alice_client):
    for i in range(3):
        _tenant(f"A{i}", wage=400_000, savings=0, price=2_000_000)
    few = count_queries(alice_client, reverse("assessments:candidates"))
    for i in range(27):
        _tenant(f"B{i}", wage=400_000, savings=0, price=2_000_000)
    assert count_queries(alice_client, reverse("assessments:candidates")) == few
    assert AuditEvent.objects.filter(action="screening.list").exists()


def test_a_programme_leader_sees_the_candidates_and_statistics_does_not(bob_client, charlie_client, db):
    _tenant("Klar", wage=900_000, savings=400_000, price=1_500_000)
    assert "Klar, Test" in bob_client.get(reverse("assessments:candidates")).content.decode()
    assert charlie_client.get(reverse("assessments:candidates")).status_code == 403


def test_the_export_neutralises_formulas_and_is_audited(db):
    _tenant("=HYPERLINK(\"x\")", wage=900_000, savings=400_000, price=1_500_000)
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", stdout=out, stderr=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=";"))
    assert rows[0]["household_name"].startswith("'=")
    assert rows[0]["readiness"] == "ready"
    assert "1 candidates" in err.getvalue()
    assert AuditEvent.objects.filter(action="screening.export").exists()
