"""Households matched by their source id, and the waiting-list import (boligvei/imports/plan.py, services.py)."""

import datetime as dt

import pytest

from boligvei.core.models import AuditEvent
from boligvei.housing.models import Tenancy, WaitingListEntry
from boligvei.imports import services
from boligvei.imports.plan import Action
from boligvei.people.models import Household, Person
from tests.imports.conftest import DWELLING_HEADER, TENANCY_HEADER, dwelling_line, tenancy_line
from tests.people.factories import PersonFactory

TODAY = dt.date(2026, 6, 1)
HOUSEHOLD_TENANCY_HEADER = TENANCY_HEADER + ";Husstand-ID"
WAITING_HEADER = "Søknadsid;Husstand-ID;Navn;Fødselsnummer;Søknadsdato;Behovskategori;Prioritet;Status;Statusdato;Merknad"


def commit(actor, kind, path):
    return services.import_commit(actor=actor, kind=kind, path=path, today=TODAY)


def plan(kind, path):
    return services.import_plan(kind=kind, path=path, today=TODAY)


def waiting_line(source_id, household, number, name="Hansen, Kari", date="01.02.2026", category="Økonomi",
                 priority="Normal", status="Venter", status_date="", notes=""):
    return f"{source_id};{household};{name};{number};{date};{category};{priority};{status};{status_date};{notes}"


@pytest.fixture
def dwellings(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"), dwelling_line("B2", "Bjørkeveien 2"),
                     dwelling_line("B3", "Bjørkeveien 3"), name="boliger.csv")
    return commit(alice, "dwellings", path).run


# Households by source id ----------------------------------------------------------------------


def test_a_tenancy_file_with_household_ids_creates_households_with_their_id(alice, dwellings, write_csv, numbers):
    path = write_csv(HOUSEHOLD_TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]) + ";H1",
                     tenancy_line("L2", "B2", numbers[1], "Ola Nordmann") + ";H2")
    commit(alice, "tenancies", path)
    assert Household.objects.get(source_id="H1").main_person.last_name == "Hansen"
    assert Tenancy.objects.get(source_id="L2").household.source_id == "H2"
    # Re-importing matches by the household id: nothing changes.
    again = plan("tenancies", path)
    assert [row.action for row in again.rows] == [Action.UNCHANGED, Action.UNCHANGED]


def test_a_household_found_by_identity_number_gets_the_id(alice, dwellings, write_csv, numbers):
    commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]), name="uten.csv"))
    path = write_csv(HOUSEHOLD_TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]) + ";H1", name="med.csv")
    row = plan("tenancies", path).rows[0]
    assert row.action == Action.UPDATE
    assert row.changes == {"Husstandens id i fagsystem": ("", "H1")}
    run = commit(alice, "tenancies", path).run
    household = Household.objects.get()
    assert household.source_id == "H1"
    services.import_rollback(actor=alice, run=run)
    household.refresh_from_db()
    assert household.source_id == ""


def test_household_id_and_identity_number_must_agree(alice, dwellings, write_csv, numbers):
    commit(alice, "tenancies", write_csv(HOUSEHOLD_TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]) + ";H1",
                                         name="forste.csv"))
    other = PersonFactory(household__source_id="H9", with_identity_number=False)
    path = write_csv(HOUSEHOLD_TENANCY_HEADER,
                     tenancy_line("L2", "B2", numbers[0]) + ";H2",  # Kari's household is H1
                     tenancy_line("L3", "B3", numbers[1], "Ola Nordmann") + ";H9",  # H9's main person is another
                     name="andre.csv")
    rows = plan("tenancies", path).rows
    assert "hører til husstanden med id «H1» i Boligvei, ikke «H2»" in rows[0].reasons[0]
    assert "Husstanden med id «H9» i Boligvei har ikke en person med dette fødselsnummeret" in rows[1].reasons[0]
    assert other.household.source_id == "H9"


def test_one_household_id_with_two_main_persons_in_a_file_is_rejected(alice, dwellings, write_csv, numbers):
    path = write_csv(HOUSEHOLD_TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]) + ";H1",
                     tenancy_line("L2", "B2", numbers[1], "Ola Nordmann") + ";H1",
                     tenancy_line("L3", "B3", numbers[0], start="01.01.2020", end="31.12.2020") + ";H3")
    rows = plan("tenancies", path).rows
    assert rows[1].reasons[0] == "Motstridende husstand: linje 2 har husstands-id «H1» med en annen hovedperson."
    assert rows[2].reasons[0] == "Motstridende husstand: linje 2 har samme fødselsnummer med husstands-id «H1»."


# Waiting list --------------------------------------------------------------------------------


def test_a_waiting_list_is_imported_with_new_households(alice, write_csv, numbers):
    path = write_csv(WAITING_HEADER,
                     waiting_line("S1", "H1", numbers[0], notes="Ønsker Sentrum"),
                     waiting_line("S2", "H2", numbers[1], "Ola Nordmann", category="Flyktning (bosetting)",
                                  priority="1"),
                     waiting_line("S3", "H3", numbers[2], "Per Olsen", category="barnefamilie",
                                  status="Trukket", status_date="01.03.2026"),
                     name="venteliste.csv")
    dry = plan("waiting_list", path)
    assert [row.action for row in dry.rows] == [Action.CREATE] * 3 and dry.can_commit
    run = commit(alice, "waiting_list", path).run
    assert (run.created, run.kind) == (3, "waiting_list")
    first = WaitingListEntry.objects.get(source_id="S1")
    assert (first.household.source_id, first.need_category, first.priority, first.notes) == \
        ("H1", "economy", 3, "Ønsker Sentrum")
    assert WaitingListEntry.objects.get(source_id="S2").priority == 1
    third = WaitingListEntry.objects.get(source_id="S3")
    assert (third.need_category, third.status, third.status_date) == ("family", "withdrawn", dt.date(2026, 3, 1))
    assert AuditEvent.objects.filter(action="waiting_list.create").count() == 3
    assert [row.action for row in plan("waiting_list", path).rows] == [Action.UNCHANGED] * 3


def test_a_changed_waiting_list_entry_is_updated_and_rolled_back(alice, write_csv, numbers):
    commit(alice, "waiting_list", write_csv(WAITING_HEADER, waiting_line("S1", "H1", numbers[0]), name="a.csv"))
    path = write_csv(WAITING_HEADER, waiting_line("S1", "H1", numbers[0], priority="Høy", status="Trukket",
                                                  status_date="15.05.2026"), name="b.csv")
    row = plan("waiting_list", path).rows[0]
    assert row.action == Action.UPDATE
    assert row.changes["prioritet"] == (3, 2) and row.changes["status"] == ("waiting", "withdrawn")
    run = commit(alice, "waiting_list", path).run
    entry = WaitingListEntry.objects.get()
    assert (entry.priority, entry.status) == (2, "withdrawn")
    assert AuditEvent.objects.filter(action="waiting_list.update").exists()
    services.import_rollback(actor=alice, run=run)
    entry.refresh_from_db()
    assert (entry.priority, entry.status, entry.status_date) == (3, "waiting", None)


def test_waiting_list_rejections_are_in_norwegian(alice, write_csv, numbers):
    path = write_csv(WAITING_HEADER,
                     waiting_line("S1", "H1", numbers[0], category="Studenter"),
                     waiting_line("S2", "H2", numbers[1], "Ola Nordmann"),
                     waiting_line("S3", "H2", numbers[1], "Ola Nordmann", date="01.03.2026"),
                     waiting_line("S4", "H4", numbers[2], "Per Olsen", status="Tildelt bolig"),
                     waiting_line("S2", "H5", numbers[3], "Eva Berg"))
    rows = plan("waiting_list", path).rows
    assert rows[0].reasons[0].startswith("Behovskategori (kolonne «Behovskategori»): «Studenter» er ikke en "
                                         "kjent verdi. Bruk en av: Bostedsløs")
    assert rows[1].action == Action.CREATE
    assert rows[2].reasons == ["To ventelisteoppføringer for samme husstand: linje 3 venter også. "
                               "En husstand kan stå på ventelisten én gang."]
    assert rows[3].reasons == ["En tildeling må ha en bolig."]
    assert rows[4].reasons[0] == "Duplikat i filen: id «S2» står også på linje 3."


def test_a_household_already_waiting_in_boligvei_is_rejected_unless_the_file_closes_that_entry(
        alice, write_csv, numbers):
    commit(alice, "waiting_list", write_csv(WAITING_HEADER, waiting_line("S1", "H1", numbers[0]), name="a.csv"))
    second = write_csv(WAITING_HEADER, waiting_line("S2", "H1", numbers[0], date="01.04.2026"), name="b.csv")
    rows = plan("waiting_list", second).rows
    assert rows[0].reasons == ["Husstanden står allerede på ventelisten i Boligvei (søknad fra 01.02.2026). "
                               "En husstand kan stå på ventelisten én gang."]
    closing = write_csv(WAITING_HEADER, waiting_line("S1", "H1", numbers[0], status="Trukket", status_date="01.04.2026"),
                        waiting_line("S2", "H1", numbers[0], date="01.04.2026"), name="c.csv")
    commit(alice, "waiting_list", closing)
    assert WaitingListEntry.objects.get(status="waiting").source_id == "S2"
    assert Household.objects.count() == 1 and Person.objects.count() == 1


def test_an_allocated_entry_names_its_dwelling(alice, dwellings, write_csv, numbers):
    path = write_csv(WAITING_HEADER + ";Tildelt bolig",
                     waiting_line("S1", "H1", numbers[0], status="tildelt", status_date="01.05.2026") + ";B2",
                     waiting_line("S2", "H2", numbers[1], "Ola Nordmann", status="tildelt") + ";B99")
    rows = plan("waiting_list", path).rows
    assert rows[0].action == Action.CREATE
    assert rows[1].reasons[0].startswith("Ukjent bolig: ingen bolig i Boligvei har id «B99»")
    path = write_csv(WAITING_HEADER + ";Tildelt bolig",
                     waiting_line("S1", "H1", numbers[0], status="tildelt", status_date="01.05.2026") + ";B2",
                     name="ok.csv")
    run = commit(alice, "waiting_list", path).run
    assert WaitingListEntry.objects.get().allocated_dwelling.source_id == "B2"
    services.import_rollback(actor=alice, run=run)
    assert not WaitingListEntry.objects.exists() and not Household.objects.exists()
