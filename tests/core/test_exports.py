"""Every register list downloads as CSV and Excel, with the page's filters and search, cells no
spreadsheet runs as a formula, and an audit row with what was exported (boligvei/core/exports.py)."""

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from boligvei.core.models import AuditEvent
from boligvei.housing.models import ContractType, NeedCategory
from boligvei.lib.spreadsheet import Column, safe_cell, write_csv, write_xlsx
from tests.cases.factories import CaseFactory
from tests.housing.factories import TenancyFactory, WaitingListEntryFactory
from tests.people.factories import HouseholdFactory, household_with_main_person
from tests.referrals.factories import ReferralPartnerFactory, submission

HYPERLINK = '=HYPERLINK("http://example.invalid","klikk")'


def _households(alice):
    shown = household_with_main_person(last_name=HYPERLINK, first_name="Kari")
    TenancyFactory(household=shown)
    hidden = household_with_main_person(last_name="Uten", first_name="Bolig")
    return f"{HYPERLINK}, Kari", "Uten, Bolig", {"tenancy": "active"}, {shown.pk}, {hidden.pk}


def _dwellings(alice):
    shown = TenancyFactory(dwelling__street_address="+1 Storgata", dwelling__area="Lia")
    hidden = TenancyFactory(dwelling__street_address="Bakveien 9", dwelling__area="Sentrum")
    return "+1 Storgata", "Bakveien 9", {"area": "Lia"}, {shown.household_id}, {hidden.household_id}


def _tenancies(alice):
    shown = TenancyFactory(household=HouseholdFactory(name="-2, Kari"), contract_type=ContractType.FIXED_TERM)
    hidden = TenancyFactory(household=HouseholdFactory(name="Lie, Ola"), contract_type=ContractType.INDEFINITE,
                            end_date=None)
    return "-2, Kari", "Lie, Ola", {"contract_type": ContractType.FIXED_TERM}, {shown.household_id}, {hidden.household_id}


def _waiting_list(alice):
    shown = WaitingListEntryFactory(household=HouseholdFactory(name="@x, Kari"), need_category=NeedCategory.FAMILY)
    hidden = WaitingListEntryFactory(household=HouseholdFactory(name="Lie, Ola"), need_category=NeedCategory.HEALTH)
    return "@x, Kari", "Lie, Ola", {"need_category": NeedCategory.FAMILY}, {shown.household_id}, {hidden.household_id}


def _cases(alice):
    shown = CaseFactory(household=HouseholdFactory(name="=1+1, Kari"), caseworker=alice, status="invited")
    hidden = CaseFactory(household=HouseholdFactory(name="Lie, Ola"), caseworker=alice, status="meeting_booked")
    return "=1+1, Kari", "Lie, Ola", {"status": "invited", "scope": "all"}, {shown.household_id}, {hidden.household_id}


def _referrals(alice):
    submission(name="@x Nordmann", partner=ReferralPartnerFactory())
    submission(name="Ola Lie", phone="000 99 999")
    return "@x Nordmann", "Ola Lie", {"channel": "nav"}, set(), set()


def _candidates(alice):
    from tests.assessments.test_portfolio import _tenant

    shown = _tenant(HYPERLINK, wage=900_000, savings=400_000, price=1_500_000, area="Lia")
    hidden = _tenant("Langt", wage=250_000, savings=0, price=3_000_000, area="Sentrum")
    return f"{HYPERLINK}, Test", "Langt, Test", {"area": "Lia"}, {shown.household_id}, {hidden.household_id}


@dataclass
class ListCase:
    url: str
    action: str
    make: Callable


LISTS = [
    ListCase("people:household_list", "household.export", _households),
    ListCase("housing:dwelling_list", "dwelling.export", _dwellings),
    ListCase("housing:tenancy_list", "tenancy.export", _tenancies),
    ListCase("housing:waiting_list", "waiting_list.export", _waiting_list),
    ListCase("cases:case_list", "case.export", _cases),
    ListCase("referrals:submission_list", "referral.export", _referrals),
    ListCase("assessments:candidates", "screening.export", _candidates),
]


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("case", LISTS, ids=[case.url for case in LISTS])
def test_every_list_downloads_with_its_filters_and_cells_that_cannot_run(alice_client, alice, case):
    shown, hidden, filters, shown_households, hidden_households = case.make(alice)
    url = reverse(case.url)
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    page = alice_client.get(f"{url}?{query}").content.decode()
    assert "eksport=csv" in page and "Last ned (Excel)" in page

    response = alice_client.get(f"{url}?{query}&eksport=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    cells = [cell for row in _csv_rows(response)[1:] for cell in row]
    assert "'" + shown in cells and shown not in cells  # neutralised, not dropped
    assert all(hidden not in cell for cell in cells)  # the filter applies

    response = alice_client.get(f"{url}?{query}&eksport=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    matching = [cell for row in sheet.iter_rows() for cell in row if cell.value == "'" + shown]
    assert matching and all(cell.data_type == "s" for cell in matching)
    assert all(hidden not in str(cell.value) for row in sheet.iter_rows() for cell in row)

    events = AuditEvent.objects.filter(action=case.action, actor_label="alice").order_by("pk")
    assert [event.changes["format"] for event in events] == ["csv", "xlsx"]
    assert events[0].changes["rows"] == 1
    assert set(events[0].changes["households"]) == shown_households
    assert not set(events[0].changes["households"]) & hidden_households


def test_the_search_applies_to_the_download_and_stays_out_of_the_url(alice_client):
    household_with_main_person(last_name="Søkbar", first_name="Kari")
    household_with_main_person(last_name="Annen", first_name="Per")
    response = alice_client.post(reverse("people:household_list"), {"q": "Søkbar"})
    assert "Søkbar" not in response.url and "S%C3%B8kbar" not in response.url
    rows = _csv_rows(alice_client.get(f"{response.url}&eksport=csv"))
    names = [row[1] for row in rows[1:]]
    assert names == ["Søkbar, Kari"]


def test_identity_numbers_are_not_exported(alice_client):
    household = household_with_main_person()
    number = household.members.get().identity_number()
    for fmt in ("csv", "xlsx"):
        content = alice_client.get(reverse("people:household_list") + f"?eksport={fmt}").content
        assert number.encode() not in content and number[:6].encode() not in content


def test_the_statistics_role_cannot_download_a_list(charlie_client):
    assert charlie_client.get(reverse("people:household_list") + "?eksport=csv").status_code == 403


def test_an_empty_list_offers_no_download_but_downloads_a_header(alice_client):
    assert "eksport=csv" not in alice_client.get(reverse("housing:waiting_list")).content.decode()
    rows = _csv_rows(alice_client.get(reverse("housing:waiting_list") + "?eksport=csv"))
    assert rows == [[label for label in rows[0]]] and "Husstand" in rows[0]


def test_the_writer_keeps_numbers_dates_and_decimal_commas():
    columns = [Column("Tekst", "text"), Column("Antall"), Column("Kroner", "kr"), Column("Andel", "share"),
               Column("Dato", "date")]
    rows = [["-2", 3, 9800, 0.25, dt.date(2026, 5, 17)], [None, None, None, None, None],
            [True, 0, 0, 0.0, None]]
    parsed = list(csv.reader(io.StringIO(write_csv(columns, rows).decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert parsed[1] == ["'-2", "3", "9800", "0,25", "17.05.2026"]
    assert parsed[2] == ["", "", "", "", ""]
    assert parsed[3] == ["Ja", "0", "0", "0", ""]
    sheet = load_workbook(io.BytesIO(write_xlsx(columns, rows, sheet_title="Ark/1"))).active
    assert sheet.title == "Ark-1"
    text, count, kroner, share, day = next(sheet.iter_rows(min_row=2, max_row=2))
    assert (text.value, text.data_type) == ("'-2", "s")
    assert (count.value, kroner.number_format, share.number_format) == (3, '#,##0 "kr"', "0.0%")
    assert day.value == dt.datetime(2026, 5, 17) and day.number_format == "dd.mm.yyyy"


def test_text_that_xlsx_cannot_hold_is_cleaned_not_refused():
    sheet = load_workbook(io.BytesIO(write_xlsx([Column("Merknad", "text")], [["linje\x0bskift\x00"]],
                                                sheet_title="Ark"))).active
    assert sheet["A2"].value == "linjeskift"
    assert safe_cell("+47 000") == "'+47 000" and safe_cell(5) == 5


def test_a_campaigns_letters_and_the_campaign_list_download(alice_client, alice):
    from django.utils import timezone

    from boligvei.outreach.selection import Criteria
    from boligvei.outreach.services import campaign_create
    from tests.outreach.factories import tenant

    household, _ = tenant(first_name="Kari", last_name="+47 Hansen")
    campaign = campaign_create(actor=alice, name="=SUM(A1)", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    rows = _csv_rows(alice_client.get(reverse("outreach:campaign_list") + "?eksport=csv"))
    assert rows[1][0] == "'=SUM(A1)"
    assert "eksport=xlsx" in alice_client.get(reverse("outreach:campaign_list")).content.decode()

    url = reverse("outreach:campaign_detail", args=[campaign.pk])
    assert "eksport=csv" in alice_client.get(url).content.decode()
    sheet = load_workbook(io.BytesIO(alice_client.get(url + "?eksport=xlsx").content)).active
    assert sheet["A2"].value == "'+47 Hansen, Kari" and sheet["A2"].data_type == "s"
    event = AuditEvent.objects.get(action="campaign.export")
    assert event.changes["households"] == [household.pk]


def test_the_meetings_download_keeps_the_pages_scope(alice_client, alice, team):
    from tests.conftest import make_user
    from tests.meetings.factories import MeetingFactory

    mine = MeetingFactory(slot__caseworker=alice, booked_by=alice, household=HouseholdFactory(name="-1, Kari"))
    dina = make_user("dina", "caseworker", team)
    theirs = MeetingFactory(slot__caseworker=dina, booked_by=dina,
                            household=HouseholdFactory(name="Lie, Ola"))
    url = reverse("meetings:overview")
    assert "eksport=csv" in alice_client.get(url).content.decode()
    names = [row[3] for row in _csv_rows(alice_client.get(url + "?eksport=csv"))[1:]]
    assert names == ["'-1, Kari"]
    names = [row[3] for row in _csv_rows(alice_client.get(url + "?scope=all&eksport=csv"))[1:]]
    assert sorted(names) == ["'-1, Kari", "Lie, Ola"]
    events = AuditEvent.objects.filter(action="meeting.export").order_by("pk")
    assert [event.changes["households"] for event in events] == [
        [mine.household_id], sorted([mine.household_id, theirs.household_id])]
