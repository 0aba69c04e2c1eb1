"""Planning and writing in batches (boligvei/imports/plan.py, bulk.py): rules across batch
boundaries, records found in the bulk look-ups, a bounded number of queries, the database as the
last guard, and the check constraints evaluated in Python."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import CheckConstraint, Q
from django.test.utils import CaptureQueriesContext

from boligvei.core.models import AuditEvent
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.imports import bulk, services
from boligvei.imports import plan as plan_module
from boligvei.imports.models import ImportedRecord, ImportRun
from boligvei.imports.plan import Action, check_in_python
from boligvei.people.models import Household, Person
from tests.housing.factories import TenancyFactory
from tests.imports.conftest import DWELLING_HEADER, TENANCY_HEADER, dwelling_line, tenancy_line
from tests.people.factories import synthetic_number

TODAY = dt.date(2026, 6, 1)


def commit(actor, kind, path):
    return services.import_commit(actor=actor, kind=kind, path=path, today=TODAY)


def plan(kind, path):
    return services.import_plan(kind=kind, path=path, today=TODAY)


def register_counts():
    return (Dwelling.objects.count(), Tenancy.objects.count(), Household.objects.count(), Person.objects.count(),
            ImportRun.objects.count(), ImportedRecord.objects.count())


@pytest.fixture
def batches_of_two(monkeypatch):
    monkeypatch.setattr(plan_module, "BATCH_ROWS", 2)


@pytest.fixture
def dwellings(alice, write_csv):
    lines = [dwelling_line(f"B{i}", f"Bjørkeveien {i}") for i in range(1, 6)]
    return commit(alice, "dwellings", write_csv(DWELLING_HEADER, *lines, name="boliger.csv")).run


# Across batches --------------------------------------------------------------------------------


def test_a_duplicate_across_a_batch_boundary_is_rejected_and_nothing_is_saved(alice, write_csv, batches_of_two):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"), dwelling_line("B2"), dwelling_line("B1"))
    assert plan("dwellings", path).rows[2].reasons == ["Duplikat i filen: id «B1» står også på linje 2."]
    with pytest.raises(services.ImportRefused, match="1 rader er avvist"):
        commit(alice, "dwellings", path)  # the first batch was written, then rolled back with the rest
    assert register_counts() == (0, 0, 0, 0, 0, 0)


def test_a_conflict_only_visible_across_batches_is_rejected(alice, dwellings, write_csv, numbers, batches_of_two):
    path = write_csv(TENANCY_HEADER,
                     tenancy_line("L1", "B1", numbers[0]),
                     tenancy_line("L2", "B2", numbers[1], "Ola Nordmann"),
                     tenancy_line("L3", "B1", numbers[2], "Per Olsen"),  # B1 is let from line 2
                     tenancy_line("L4", "B3", numbers[1], "Ola Nordmann", start="01.01.2024"))  # Ola lives in B2
    rows = plan("tenancies", path).rows
    assert [row.action for row in rows] == ["create", "create", "rejected", "rejected"]
    assert rows[2].reasons == ["Motstridende leieforhold: overlapper linje 2 for boligen."]
    assert rows[3].reasons == ["Motstridende leieforhold: overlapper linje 3 for husstanden."]
    before = register_counts()
    with pytest.raises(services.ImportRefused):
        commit(alice, "tenancies", path)
    assert register_counts() == before


def test_a_person_created_in_one_batch_is_the_same_household_in_the_next(alice, dwellings, write_csv, numbers,
                                                                          batches_of_two):
    path = write_csv(TENANCY_HEADER + ";Husstand-ID",
                     tenancy_line("L1", "B1", numbers[0], start="01.01.2018", end="31.12.2020",
                                  contract="Tidsbestemt") + ";H1",
                     tenancy_line("L2", "B2", numbers[1], "Ola Nordmann") + ";H2",
                     tenancy_line("L3", "B3", numbers[0], start="01.01.2021") + ";H1")
    dry = [(row.action, row.reasons) for row in plan("tenancies", path).rows]
    result = commit(alice, "tenancies", path)
    assert not any("Den samme filen" in note for note in result.plan.notes)  # not the run itself
    assert [(row.action, row.reasons) for row in result.plan.rows] == dry == [("create", [])] * 3
    assert Household.objects.count() == 2 and Person.objects.count() == 2
    kari = Household.objects.get(source_id="H1")
    assert set(kari.tenancies.values_list("source_id", flat=True)) == {"L1", "L3"}
    assert [row.action for row in plan("tenancies", path).rows] == [Action.UNCHANGED] * 3


def test_records_found_in_the_bulk_look_up_are_updated_audited_and_rolled_back(alice, dwellings, write_csv, numbers,
                                                                                batches_of_two):
    first = [tenancy_line(f"L{i}", f"B{i}", numbers[i], f"Hansen, Kari{i}") for i in range(1, 5)]
    commit(alice, "tenancies", write_csv(TENANCY_HEADER, *first, name="a.csv"))
    changed = [*first[:3], tenancy_line("L4", "B4", numbers[4], "Berg, Kari4", rent="10 500")]
    path = write_csv(TENANCY_HEADER, *changed, name="b.csv")
    rows = plan("tenancies", path).rows
    assert [row.action for row in rows] == ["unchanged"] * 3 + ["update"]
    assert rows[3].changes == {"husleie per måned (kr)": (9800, 10500), "etternavn": ("Hansen", "Berg")}
    run = commit(alice, "tenancies", path).run
    tenancy = Tenancy.objects.get(source_id="L4")
    assert (tenancy.rent_monthly, tenancy.household.name) == (10500, "Berg, Kari4")
    assert AuditEvent.objects.filter(action="tenancy.update", object_id=str(tenancy.pk),
                                     changes__rent_monthly={"old": 9800, "new": 10500}).exists()
    assert AuditEvent.objects.filter(action="person.update", household_id=tenancy.household_id).exists()
    assert set(run.records.values_list("model", "action")) == {("housing.tenancy", "updated"),
                                                              ("people.person", "updated")}
    services.import_rollback(actor=alice, run=run)
    tenancy.refresh_from_db()
    assert (tenancy.rent_monthly, tenancy.household.name) == (9800, "Hansen, Kari4")


def test_a_rollback_in_chunks_checks_every_record_before_deleting_any(alice, dwellings, write_csv, numbers,
                                                                     monkeypatch):
    from tests.people.factories import PersonFactory

    monkeypatch.setattr(services, "ROLLBACK_CHUNK", 2)
    lines = [tenancy_line(f"L{i}", f"B{i}", numbers[i], f"Hansen, Kari{i}") for i in range(1, 5)]
    run = commit(alice, "tenancies", write_csv(TENANCY_HEADER, *lines)).run
    PersonFactory(household=Tenancy.objects.get(source_id="L4").household, relation="child")  # in the last chunk
    before = register_counts()
    with pytest.raises(services.DomainError, match="person registrert etter importen peker på husstand"):
        services.import_rollback(actor=alice, run=run)
    assert register_counts() == before
    Person.objects.filter(relation="child").delete()
    services.import_rollback(actor=alice, run=run)
    assert (Tenancy.objects.count(), Household.objects.count(), Person.objects.count()) == (0, 0, 0)
    assert AuditEvent.objects.filter(action="import.rollback", changes__deleted=True).count() == 12


def test_a_waiting_list_closed_and_reopened_across_batches(alice, write_csv, numbers, batches_of_two):
    from tests.imports.test_households_and_waiting_list import WAITING_HEADER, waiting_line

    commit(alice, "waiting_list", write_csv(WAITING_HEADER, waiting_line("S1", "H1", numbers[0]), name="a.csv"))
    path = write_csv(WAITING_HEADER, waiting_line("S1", "H1", numbers[0], status="Trukket", status_date="01.04.2026"),
                     waiting_line("S9", "H9", numbers[1], "Ola Nordmann"),
                     waiting_line("S2", "H1", numbers[0], date="01.04.2026"), name="b.csv")
    commit(alice, "waiting_list", path)
    assert WaitingListEntry.objects.get(household__source_id="H1", status="waiting").source_id == "S2"


# Bounded queries --------------------------------------------------------------------------------


def _queries(action) -> int:
    """Queries, counting once a bulk INSERT or UPDATE that the database splits into statements by
    its parameter limit (SQLite: 999 parameters, about 30 dwellings, per statement)."""
    with CaptureQueriesContext(connection) as captured:
        action()
    count, previous = 0, None
    for query in captured:
        sql = query["sql"]
        statement = sql.split("(", 1)[0] if sql.startswith(("INSERT", "UPDATE")) else None
        count += statement is None or statement != previous
        previous = statement
    return count


def test_an_import_costs_about_the_same_queries_for_50_and_500_rows(alice, write_csv):
    counts = {}
    for rows in (50, 500):
        Tenancy.objects.all().delete()
        Person.objects.all().delete()
        Household.objects.all().delete()
        Dwelling.objects.all().delete()
        dwellings = write_csv(DWELLING_HEADER, *(dwelling_line(f"B{i}", f"Bjørkeveien {i}") for i in range(rows)),
                              name=f"boliger{rows}.csv")
        tenancies = write_csv(TENANCY_HEADER, *(
            tenancy_line(f"L{i}", f"B{i}", synthetic_number(dt.date(1960, 1, 1) + dt.timedelta(days=i)).value,
                         f"Hansen, Kari{i}") for i in range(rows)), name=f"leieforhold{rows}.csv")
        counts[rows] = (_queries(lambda: commit(alice, "dwellings", dwellings)),
                        _queries(lambda: commit(alice, "tenancies", tenancies)),
                        _queries(lambda: plan("tenancies", tenancies)))
        assert Tenancy.objects.count() == rows
    assert counts[500] == counts[50]
    dwellings_import, tenancies_import, dry_run = counts[500]
    # On PostgreSQL each kind of new row costs two statements (its keys, then COPY).
    assert dwellings_import <= 14 and tenancies_import <= 24 and dry_run <= 8, counts[500]


# The database as the last guard, and the rules checked in Python --------------------------------


def test_a_conflict_the_plan_could_not_see_is_refused_by_the_database(alice, dwellings, write_csv, numbers,
                                                                      batches_of_two, monkeypatch):
    original = bulk.TenancyWriter.write

    def someone_lets_b3_meanwhile(self, works):
        if Tenancy.objects.exists():  # the second batch: the plan saw B3 free
            TenancyFactory(dwelling=Dwelling.objects.get(source_id="B3"), start_date=dt.date(2026, 1, 1))
        original(self, works)

    monkeypatch.setattr(bulk.TenancyWriter, "write", someone_lets_b3_meanwhile)
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]),
                     tenancy_line("L2", "B2", numbers[1], "Ola Nordmann"), tenancy_line("L3", "B3", numbers[2]))
    with pytest.raises(services.ImportRefused, match="databasen avviste lagringen"):
        commit(alice, "tenancies", path)
    assert (Tenancy.objects.count(), ImportRun.objects.count()) == (0, 1)  # the dwellings' run


@pytest.mark.parametrize(("start", "end", "contract", "active"), [
    (dt.date(2024, 1, 1), None, "indefinite", True),
    (dt.date(2024, 1, 1), dt.date(2023, 1, 1), "indefinite", True),  # ends before it starts
    (dt.date(2024, 1, 1), None, "fixed_term", True),  # fixed term without an end
    (dt.date(2024, 1, 1), None, "indefinite", False),  # ended without an end date
    (None, dt.date(2023, 1, 1), "fixed_term", False),  # no start: unknown, a CHECK lets it pass
])
def test_check_constraints_in_python_agree_with_the_database(db, start, end, contract, active):
    tenancy = Tenancy(start_date=start, end_date=end, contract_type=contract, is_active=active, rent_monthly=1)
    for constraint in Tenancy._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        outcomes = []
        for check in (check_in_python, lambda c, i: c.validate(Tenancy, i)):
            try:
                check(constraint, tenancy)
                outcomes.append("ok")
            except Exception as exc:  # noqa: BLE001 — the message is compared below
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1], constraint.name


def test_a_condition_python_cannot_evaluate_is_left_to_the_database(db):
    constraint = CheckConstraint(condition=Q(street_address__startswith="Bjørk"), name="test_street",
                                 violation_error_message="Feil gate.")
    with CaptureQueriesContext(connection) as captured, pytest.raises(Exception, match="Feil gate"):
        check_in_python(constraint, Dwelling(street_address="Eikeveien 1"))
    assert any(query["sql"].startswith("SELECT") for query in captured)


# Values the model refuses, found in the plan now that the services no longer check them ---------


def test_a_main_persons_invalid_e_mail_rejects_the_row(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER + ";E-post", tenancy_line("L1", "B1", numbers[0]) + ";ikke-en-adresse")
    rows = plan("tenancies", path).rows
    assert rows[0].action == Action.REJECTED and rows[0].reasons[0].startswith("E-post: ")


def test_a_whole_number_floor_area_rolls_back(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1").replace(";62,5;", ";62;"))
    run = commit(alice, "dwellings", path).run  # remembered as "62.0", as the database gives it back
    services.import_rollback(actor=alice, run=run)
    assert not Dwelling.objects.exists()
