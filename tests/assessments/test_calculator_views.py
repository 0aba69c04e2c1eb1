import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from boligvei.assessments.models import Assessment
from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_run
from boligvei.core.models import AuditEvent
from tests.housing.factories import TenancyFactory
from tests.people.factories import PersonFactory, consent_to_everything_needed, household_with_main_person


@pytest.fixture
def tenant(db):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann", birth_date=dt.date(1984, 3, 2),
                                           income_wage=480_000, income_disability_benefit=0,
                                           income_social_assistance=12_000)
    PersonFactory(household=household, relation="child", first_name="Emil", birth_date=dt.date(2016, 5, 1),
                  sex="male", income_disability_benefit=0, income_child_benefit=21_192, with_identity_number=False)
    household.savings, household.debt_payments_monthly = 80_000, 1_200
    household.save()
    TenancyFactory(household=household, rent_monthly=9_500, dwelling__market_value=2_300_000,
                   dwelling__common_costs_monthly=1_800, dwelling__municipal_fees_monthly=700,
                   dwelling__common_debt=150_000, dwelling__ownership_form="cooperative")
    return consent_to_everything_needed(household)


def _form(**overrides):
    data = {"price": "2300000", "common_debt": "150000", "equity": "80000", "rate_percent": "5.0", "years": "30",
            "kind": "annuity", "interest_tax_deduction": "on", "running_costs_monthly": "4500",
            "other_fixed_costs_monthly": "1200", "car": "none", "year": "2026"}
    data.update(overrides)
    return data


def test_the_request_is_built_from_the_register(tenant):
    request = household_request(household=tenant, today=dt.date(2026, 11, 24))
    assert request["year"] == 2026
    assert [m["age"] for m in request["members"]] == [42, 10]
    assert request["members"][0]["income"] == {"wage": 480_000, "other_tax_free": 12_000}
    assert request["members"][1]["income"] == {"child_benefit": 21_192}
    assert request["equity"] == 80_000 and request["other_fixed_costs_monthly"] == 1_200
    assert request["dwelling"] == {"price": 2_300_000, "common_debt": 150_000,
                                   "running_costs_monthly": 2_500 + settings.OTHER_RUNNING_COSTS_MONTHLY}
    assert request["rent_monthly"] == 9_500
    assert request["current_dwelling"] == {"market_value": 2_300_000, "common_debt": 150_000}


def test_the_calculator_opens_with_the_answer_and_audits_the_read(alice_client, tenant):
    page = alice_client.get(reverse("assessments:calculator", args=[tenant.pk])).content.decode()
    assert "Høyeste pris husstanden kan finansiere" in page and "Grensen som avgjør" in page
    assert "Etter Husbankens krav alene" in page and "Kjøpe boligen den leier?" in page
    assert AuditEvent.objects.filter(action="assessment.view", household_id=tenant.pk).exists()


def test_a_what_if_change_recalculates_only_the_result(alice_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    cheap = alice_client.post(url, _form(price="1000000"), headers={"HX-Request": "true"}).content.decode()
    dear = alice_client.post(url, _form(price="6000000"), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in cheap
    assert "Går opp" in cheap and "Går ikke opp" in dear
    assert not Assessment.objects.exists()


def test_a_rate_outside_the_range_is_explained_and_nothing_is_saved(alice_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    page = alice_client.post(url, {**_form(rate_percent="45"), "save": "1"}).content.decode()
    assert "Rente (%)" in page and "Skjemaet har feil" in page
    assert not Assessment.objects.exists()


def test_saving_keeps_request_result_and_version_and_it_reproduces(alice_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    response = alice_client.post(url, {**_form(), "save": "1", "note": "Første samtale"})
    assessment = Assessment.objects.get()
    assert response.url == reverse("assessments:assessment_detail", args=[assessment.pk])
    assert assessment.note == "Første samtale" and assessment.created_by.username == "alice"
    assert assessment.request["dwelling"]["price"] == 2_300_000
    assert assessment.result == assessment_run(request=assessment.request)  # the same answer again
    assert {p["kind"] for p in assessment.result["parameters"]} >= {"tax", "sifo", "stress_test"}
    assert AuditEvent.objects.filter(action="assessment.create", household_id=tenant.pk).exists()
    page = alice_client.get(response.url).content.decode()
    assert "Vurdering av betjeningsevne" in page and "Første samtale" in page


def test_a_programme_leader_may_calculate_but_not_save(bob_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    assert bob_client.get(url).status_code == 200
    assert bob_client.post(url, {**_form(), "save": "1"}).status_code == 403
    assert not Assessment.objects.exists()


def test_the_statistics_role_cannot_open_the_calculator(charlie_client, tenant):
    assert charlie_client.get(reverse("assessments:calculator", args=[tenant.pk])).status_code == 403


def test_a_saved_assessment_cannot_be_changed(alice_client, tenant):
    from django.core.exceptions import ValidationError

    alice_client.post(reverse("assessments:calculator", args=[tenant.pk]), {**_form(), "save": "1"})
    assessment = Assessment.objects.get()
    assessment.note = "endret"
    with pytest.raises(ValidationError):
        assessment.save()


def test_register_figures_the_engine_refuses_are_explained_not_a_crash(alice_client, tenant):
    from boligvei.people.models import Person

    Person.objects.filter(household=tenant, relation="child").update(birth_date=dt.date(2099, 1, 1))
    response = alice_client.get(reverse("assessments:calculator", args=[tenant.pk]))
    assert response.status_code == 200
    assert "Beregningen kan ikke gjøres med disse tallene" in response.content.decode()


def test_the_schedule_pays_the_loan_down_to_zero_year_by_year():
    from boligvei.assessments.services import repayment_schedule

    request = {"loan": {"rate_percent": 5.0, "years": 25, "kind": "serial"}}
    years = repayment_schedule(request=request, result={"loan_amount": 1_200_000})
    assert len(years) == 25 and years[-1].balance == 0
    assert sum(y.repayment for y in years) == 1_200_000
    assert years[0].repayment == 48_000 and years[0].interest > years[1].interest  # serial: falling interest
    assert years[0].fees == 12 * 30


def test_the_calculator_shows_the_schedule(alice_client, tenant):
    page = alice_client.get(reverse("assessments:calculator", args=[tenant.pk])).content.decode()
    assert "Nedbetalingsplan år for år" in page


def test_other_debt_entered_in_the_calculator_lowers_the_price_the_bank_allows(alice_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    without = alice_client.post(url, _form(), headers={"HX-Request": "true"}).content.decode()
    with_debt = alice_client.post(url, _form(debt_student_loan="2000000"), headers={"HX-Request": "true"}).content.decode()
    assert "2\u00a0000\u00a0000 kr i annen gjeld" in with_debt and "0 kr i annen gjeld" in without
    assert "fem ganger brutto årsinntekt" in with_debt


def test_a_term_over_thirty_years_needs_the_checklist_and_shows_it(alice_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    unmet = alice_client.post(url, _form(years="40", term_reason="Varig lav inntekt"),
                              headers={"HX-Request": "true"}).content.decode()
    assert "krever at alle vilkårene er oppfylt" in unmet
    conditions = {f"term_{key}": "on" for key in ("permanently_low_income", "dwelling_fits_long_term",
                                                   "renting_unsuitable_or_dearer", "shorter_term_not_responsible")}
    met = alice_client.post(url, _form(years="40", term_reason="Varig lav inntekt", **conditions),
                            headers={"HX-Request": "true"}).content.decode()
    assert "Vilkår for mer enn 30 års nedbetalingstid" in met and "(d) Kommunen har dokumentert" in met


DEVELOPER_TEXT = ("verify", "None", "bank_lending_rules", "husbanken_startlan", "stress_test", "tax_income_classes",
                  "guideline_rates", "domain brief", "press release", "from memory")


def test_the_calculator_shows_no_developer_text_and_no_unconfirmed_marks_to_a_caseworker(alice_client, tenant):
    page = alice_client.post(reverse("assessments:calculator", args=[tenant.pk]), _form(),
                             headers={"HX-Request": "true"}).content.decode()
    for text in DEVELOPER_TEXT:
        assert text not in page, text
    assert "må kontrolleres" not in page and "Ikke bekreftet mot kilden" not in page
    assert "Skattesatser" in page  # the parameter sets by their Norwegian names


def test_an_administrator_is_told_in_norwegian_which_parameters_are_unconfirmed(tenant, team):
    from tests.conftest import _client_for, make_user

    admin = _client_for(make_user("erik", "administrator", team))
    page = admin.post(reverse("assessments:calculator", args=[tenant.pk]), _form(year="2026"),
                      headers={"HX-Request": "true"}).content.decode()
    assert "Ikke bekreftet mot kilden ennå" in page and "må kontrolleres mot kilden" in page
    for text in DEVELOPER_TEXT:
        assert text not in page, text


def test_the_parameters_page_names_what_is_unconfirmed_in_norwegian(team):
    from tests.conftest import _client_for, make_user

    admin = _client_for(make_user("erik", "administrator", team))
    page = admin.get(reverse("assessments:parameters")).content.decode()
    assert "må kontrolleres: skattefradrag for pensjonsinntekt" in page
    assert "må kontrolleres: styringsrenten fra 2023-12-14" in page
    for text in ("verify", "None", "domain brief"):
        assert text not in page, text


def test_the_rent_from_the_register_or_entered_stands_beside_the_stressed_payment(alice_client, tenant):
    url = reverse("assessments:calculator", args=[tenant.pk])
    register = tenant.active_tenancy.rent_monthly
    page = alice_client.get(url).content.decode()
    assert f'name="rent_monthly" value="{register}"' in page
    entered = alice_client.post(url, _form(rent_monthly="9876"), headers={"HX-Request": "true"}).content.decode()
    assert "Husleie betalt i dag: 9\u00a0876 kr" in entered and "terminbeløp i stresstesten" in entered
