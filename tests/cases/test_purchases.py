import datetime as dt

import pytest
from django.urls import reverse

from boligvei.cases import services
from boligvei.cases.models import Case
from boligvei.cases.purchases import case_record_purchase
from boligvei.core.errors import DomainError
from boligvei.housing.models import Tenancy
from tests.housing.factories import TenancyFactory, WaitingListEntryFactory
from tests.people.factories import PersonFactory, consenting_household, household_with_main_person

BOUGHT = dt.date(2026, 10, 1)


GROUNDS = {"rules": "Kommunens tildelingsregler.", "facts": "Husstanden har ventet i to år.",
           "grounds": "Boligen passer husstandens størrelse."}


def _approved_case(alice, **tenancy_kwargs):
    household = consenting_household()
    tenancy = TenancyFactory(household=household, **tenancy_kwargs)
    case = services.case_open(actor=alice, household=household)
    for step in ("meeting_booked", "conversation_held", "mapped", "assessed", "applying", "financing_approved"):
        services.case_move(actor=alice, case=case, to_status=step, expected_version=case.version)
    return case, tenancy


def _buy(alice, case, **overrides):
    fields = dict(completed_on=BOUGHT, price=2_000_000, startlan=1_400_000, bank_loan=500_000, equity=100_000,
                  bought_rented_dwelling=True)
    fields.update(overrides)
    return case_record_purchase(actor=alice, case=case, expected_version=case.version, **fields)


def test_buying_the_rented_dwelling_sells_it_and_ends_the_tenancy(alice):
    case, tenancy = _approved_case(alice)
    purchase = _buy(alice, case)
    tenancy.refresh_from_db()
    dwelling = tenancy.dwelling
    dwelling.refresh_from_db()
    assert not tenancy.is_active and tenancy.end_date == BOUGHT
    assert (dwelling.status, dwelling.sold_on, dwelling.sale_price) == ("sold", BOUGHT, 2_000_000)
    assert purchase.dwelling == dwelling and purchase.freed_dwelling is None
    assert Case.objects.get(pk=case.pk).status == "purchased"


def test_buying_another_home_frees_the_dwelling_and_proposes_the_waiting_list(alice):
    case, tenancy = _approved_case(alice, dwelling__rooms=3)
    fits = WaitingListEntryFactory(household=household_with_main_person(last_name="Passer"), priority=2)
    PersonFactory(household=fits.household, relation="child", with_identity_number=False)
    too_many = WaitingListEntryFactory(household=household_with_main_person(last_name="Stor"), priority=1)
    for _ in range(4):
        PersonFactory(household=too_many.household, relation="child", with_identity_number=False)
    purchase = _buy(alice, case, bought_rented_dwelling=False, address="Solbakken 3, 3720 Fjordvik")
    assert purchase.freed_dwelling == tenancy.dwelling
    from boligvei.cases.selectors import case_outcome

    outcome = case_outcome(case=case, user=alice)
    assert [e.household.name for e in outcome["proposals"]] == ["Passer, Kari"]


def test_the_chain_shows_who_was_housed_in_the_freed_dwelling(alice_client, alice):
    case, tenancy = _approved_case(alice)
    _buy(alice, case, bought_rented_dwelling=False, address="Solbakken 3")
    entry = WaitingListEntryFactory(household=household_with_main_person(first_name="Neste", last_name="Ute"))
    response = alice_client.post(reverse("cases:letting_create", args=[entry.pk]), {
        "dwelling": tenancy.dwelling_id, "start_date": "2026-11-01", "contract_type": "indefinite", **GROUNDS})
    assert response.status_code == 302
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "tildelt" in page and "Ute, Neste" in page


def test_the_financing_must_add_up_to_the_price(alice):
    case, _ = _approved_case(alice)
    with pytest.raises(DomainError, match="må til sammen bli kjøpesummen"):
        _buy(alice, case, equity=0)
    assert Tenancy.objects.get().is_active


def test_a_purchase_is_recorded_only_with_a_financing_certificate(alice):
    household = household_with_main_person()
    TenancyFactory(household=household)
    case = services.case_open(actor=alice, household=household)
    with pytest.raises(DomainError, match="finansieringsbevis"):
        _buy(alice, case)


def test_purchased_is_not_a_plain_move(alice):
    case, _ = _approved_case(alice)
    with pytest.raises(DomainError, match="Registrer boligkjøpet"):
        services.case_move(actor=alice, case=case, to_status="purchased", expected_version=case.version)


def test_a_caseworker_records_a_purchase_from_the_case_page(alice_client, alice):
    case, tenancy = _approved_case(alice)
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:case_purchase", args=[case.pk]) in page
    response = alice_client.post(reverse("cases:case_purchase", args=[case.pk]), {
        "bought_rented_dwelling": "yes", "completed_on": "2026-10-01", "price": "2000000", "common_debt": "0",
        "startlan": "1500000", "bank_loan": "400000", "grant": "0", "equity": "100000", "version": case.version})
    assert response.status_code == 302
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Boligkjøp 01.10.2026" in page and "Boligen er solgt" in page


def test_the_housed_household_and_the_dwelling_show_the_purchase_that_freed_it(alice_client, alice):
    case, tenancy = _approved_case(alice)
    _buy(alice, case, bought_rented_dwelling=False, address="Solbakken 3")
    entry = WaitingListEntryFactory(household=household_with_main_person(first_name="Neste", last_name="Ute"))
    alice_client.post(reverse("cases:letting_create", args=[entry.pk]), {
        "dwelling": tenancy.dwelling_id, "start_date": "2026-11-01", "contract_type": "indefinite", **GROUNDS})
    page = alice_client.get(reverse("people:household_detail", args=[entry.household_id])).content.decode()
    assert "Frigjort ved kjøp" in page and reverse("cases:case_detail", args=[case.pk]) in page
    page = alice_client.get(reverse("housing:dwelling_detail", args=[tenancy.dwelling_id])).content.decode()
    assert "kjøpte egen bolig gjennom leie til eie" in page


def test_the_case_page_shows_why_each_waiting_household_is_suggested(alice_client, alice):
    case, _ = _approved_case(alice, dwelling__rooms=2)
    entry = WaitingListEntryFactory(household=household_with_main_person(last_name="Passer"))
    PersonFactory(household=entry.household, relation="child", with_identity_number=False)
    _buy(alice, case, bought_rented_dwelling=False, address="Solbakken 3, 3720 Fjordvik")
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Passer, Kari" in page and "2 personer i 2 rom: størrelsen passer." in page
