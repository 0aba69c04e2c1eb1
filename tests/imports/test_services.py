"""Dry run, commit, re-import and rollback of dwelling and tenancy imports (boligvei/imports/services.py)."""

import datetime as dt

import pytest

from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.housing.models import Dwelling, Tenancy
from boligvei.imports import bulk, services
from boligvei.imports import plan as plan_module
from boligvei.imports.models import ImportedRecord, ImportRun, RunStatus
from boligvei.imports.plan import Action
from boligvei.people.models import Household, Person
from tests.housing.factories import TenancyFactory
from tests.imports.conftest import DWELLING_HEADER, TENANCY_HEADER, dwelling_line, tenancy_line
from tests.people.factories import HouseholdFactory, synthetic_number_with_individual

TODAY = dt.date(2026, 6, 1)


def register_counts():
    return (Dwelling.objects.count(), Tenancy.objects.count(), Household.objects.count(), Person.objects.count(),
            ImportRun.objects.count(), ImportedRecord.objects.count())


def commit(actor, kind, path):
    return services.import_commit(actor=actor, kind=kind, path=path, today=TODAY)


@pytest.fixture
def dwellings_file(write_csv):
    return write_csv(DWELLING_HEADER, dwelling_line("B1", "Bjørkeveien 1"), dwelling_line("B2", "Bjørkeveien 2"),
                     dwelling_line("B3", "Bjørkeveien 3"), name="boliger.csv")


def test_a_dry_run_plans_every_row_and_saves_nothing(alice, dwellings_file):
    before = register_counts()
    plan = services.import_plan(kind="dwellings", path=dwellings_file, today=TODAY)
    assert [(row.line, row.action) for row in plan.rows] == [(2, "create"), (3, "create"), (4, "create")]
    assert plan.can_commit
    assert any("postnummerregister" in note for note in plan.notes)
    assert register_counts() == before


def test_a_dry_run_that_takes_too_long_is_stopped_with_a_message_and_saves_nothing(alice, dwellings_file, settings):
    settings.IMPORT_DRY_RUN_SECONDS = 0
    before = register_counts()
    with pytest.raises(DomainError, match="Tørrkjøringen ble stoppet etter 0 sekunder, ved linje 2"):
        services.import_plan(kind="dwellings", path=dwellings_file, today=TODAY)
    assert register_counts() == before


def test_a_commit_is_not_time_boxed(alice, dwellings_file, settings):
    settings.IMPORT_DRY_RUN_SECONDS = 0
    assert commit(alice, "dwellings", dwellings_file).run.created == 3


def test_commit_creates_dwellings_and_remembers_the_run(alice, dwellings_file):
    result = commit(alice, "dwellings", dwellings_file)
    run = result.run
    assert (run.created, run.updated, run.unchanged, run.rows) == (3, 0, 0, 3)
    assert run.actor == alice and run.file_name == "boliger.csv" and len(run.file_sha256) == 64
    dwelling = Dwelling.objects.get(source_id="B2")
    assert dwelling.street_address == "Bjørkeveien 2"
    assert str(dwelling.floor_area) == "62.5" and dwelling.rent_monthly == 9800
    assert run.records.filter(action="created").count() == 3
    assert AuditEvent.objects.filter(action="import.commit", object_id=str(run.pk)).exists()
    assert AuditEvent.objects.filter(action="dwelling.create").count() == 3


def test_reimporting_the_same_file_changes_nothing(alice, dwellings_file):
    commit(alice, "dwellings", dwellings_file)
    before = register_counts()[:4]
    plan = services.import_plan(kind="dwellings", path=dwellings_file, today=TODAY)
    assert {row.action for row in plan.rows} == {Action.UNCHANGED}
    assert any("Den samme filen ble importert" in note for note in plan.notes)
    run = commit(alice, "dwellings", dwellings_file).run
    assert (run.created, run.updated, run.unchanged) == (0, 0, 3)
    assert register_counts()[:4] == before


def test_a_changed_row_is_an_update_with_old_and_new_values(alice, dwellings_file, write_csv):
    commit(alice, "dwellings", dwellings_file)
    changed = write_csv(DWELLING_HEADER, dwelling_line("B1", "Bjørkeveien 1", rent="10 100"), name="ny.csv")
    plan = services.import_plan(kind="dwellings", path=changed, today=TODAY)
    assert plan.rows[0].action == Action.UPDATE
    assert plan.rows[0].changes == {"husleie per måned (kr)": (9800, 10100)}


def test_an_edit_from_before_an_import_that_changed_the_row_is_refused(alice, dwellings_file, write_csv):
    from boligvei.housing.services import dwelling_update

    commit(alice, "dwellings", dwellings_file)
    dwelling = Dwelling.objects.get(source_id="B1")
    shown = dwelling.version  # a caseworker opens the edit form
    commit(alice, "dwellings", write_csv(DWELLING_HEADER, dwelling_line("B1", rent="10 100"), name="ny.csv"))
    with pytest.raises(DomainError, match="Noen andre har lagret endringer her"):
        dwelling_update(actor=alice, dwelling=dwelling, fields={"area": "Nord"}, expected_version=shown)
    dwelling.refresh_from_db()
    assert (dwelling.rent_monthly, dwelling.area) == (10100, "")


def test_duplicates_in_one_file_are_rejected_with_the_first_line(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"), dwelling_line("B2"), dwelling_line("B1"))
    plan = services.import_plan(kind="dwellings", path=path, today=TODAY)
    assert plan.rows[2].action == Action.REJECTED
    assert plan.rows[2].reasons == ["Duplikat i filen: id «B1» står også på linje 2."]


def test_bad_cells_and_postal_codes_are_rejected_row_by_row(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1", postal_code="37155"), dwelling_line("B2", rent="mye"),
                     dwelling_line("", "Uten id"))
    rows = services.import_plan(kind="dwellings", path=path, today=TODAY).rows
    assert "Ukjent postnummer «37155»" in rows[0].reasons[0]
    assert rows[1].reasons == ["Husleie per måned (kolonne «Månedsleie»): «mye» er ikke et tall."]
    assert rows[2].reasons == ["Mangler verdi for «Id i fagsystem»."]


def test_a_missing_column_rejects_the_file(alice, write_csv):
    path = write_csv("Bolig-ID;Adresse", "B1;Bjørkeveien 1")
    plan = services.import_plan(kind="dwellings", path=path, today=TODAY)
    assert "Manglende kolonne: ingen kolonne i filen er koblet til «Postnummer»." in plan.file_problems
    assert "Manglende kolonne: «Postnummer»." in plan.rows[0].reasons
    assert not plan.can_commit


def test_a_file_with_a_rejected_row_saves_nothing(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"), dwelling_line("B2", rent="mye"))
    before = register_counts()
    with pytest.raises(services.ImportRefused, match="Ingenting er importert: 1 rader er avvist"):
        commit(alice, "dwellings", path)
    assert register_counts() == before


def test_a_failure_while_writing_leaves_the_database_untouched(alice, dwellings_file, monkeypatch):
    monkeypatch.setattr(plan_module, "BATCH_ROWS", 2)  # the third dwelling is written in a second batch
    original = bulk.DwellingWriter.write

    def fail_in_the_second_batch(self, works):
        if Dwelling.objects.exists():
            raise DomainError("Databasen svarte ikke.")
        original(self, works)

    monkeypatch.setattr(bulk.DwellingWriter, "write", fail_in_the_second_batch)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        commit(alice, "dwellings", dwellings_file)
    assert register_counts() == (0, 0, 0, 0, 0, 0)
    assert AuditEvent.objects.count() == audit_before


# Tenancies --------------------------------------------------------------------------------------


@pytest.fixture
def dwellings(alice, dwellings_file):
    return commit(alice, "dwellings", dwellings_file).run


def test_new_households_get_the_team_the_file_names_else_the_importers(alice, dwellings, write_csv, numbers):
    from boligvei.core.models import Team

    north = Team.objects.create(name="Bydel Nord")
    path = write_csv(TENANCY_HEADER + ";Team", tenancy_line("L1", "B1", numbers[0]) + ";bydel nord",
                     tenancy_line("L2", "B2", numbers[1], name="Berg, Per") + ";")
    commit(alice, "tenancies", path)
    teams = dict(Household.objects.values_list("name", "team"))
    assert teams == {"Hansen, Kari": north.pk, "Berg, Per": alice.team_id}


def test_an_unknown_team_rejects_its_row(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER + ";Team", tenancy_line("L1", "B1", numbers[0]) + ";Bydel Sør")
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[0].reasons == ["Ukjent team «Bydel Sør». Teamene i Boligvei: Boligkontoret."]


def test_tenancies_create_households_with_their_main_person(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER,
                     tenancy_line("L1", "B1", numbers[0], "Hansen, Kari"),
                     tenancy_line("L2", "B2", numbers[1], "Ola Nordmann", start="2020-01-01", end="31.12.2022",
                                  contract="Tidsbestemt"),
                     tenancy_line("L3", "B3", numbers[1], "Ola Nordmann", start="01.01.2023"))
    run = commit(alice, "tenancies", path).run
    assert (run.created, run.updated, run.unchanged) == (3, 0, 0)
    assert Household.objects.count() == 2
    ola = Person.objects.get(last_name="Nordmann")
    assert ola.first_name == "Ola" and ola.household.name == "Nordmann, Ola"
    assert ola.birth_date == dt.date(1981, 3, 14)
    ended, active = Tenancy.objects.filter(household=ola.household).order_by("start_date")
    assert (ended.is_active, ended.end_date) == (False, dt.date(2022, 12, 31))
    assert active.is_active and active.dwelling.source_id == "B3"
    assert Tenancy.objects.get(source_id="L1").household.main_person.last_name == "Hansen"
    plan = services.import_plan(kind="tenancies", path=path, today=TODAY)
    assert {row.action for row in plan.rows} == {Action.UNCHANGED}


def test_an_invalid_identity_number_is_rejected(alice, dwellings, write_csv, numbers):
    wrong = numbers[0][:-1] + str((int(numbers[0][-1]) + 1) % 10)
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", wrong), tenancy_line("L2", "B2", "123"))
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[0].reasons == ["Ugyldig fødselsnummer: Kontrollsifrene stemmer ikke. Sjekk at nummeret er "
                               "skrevet riktig."]
    assert rows[1].reasons == ["Ugyldig fødselsnummer: Fødselsnummer og D-nummer har 11 siffer."]


def test_new_identity_numbers_of_2032_need_a_birth_date_and_sex_column(alice, dwellings, write_csv):
    import random

    from boligvei.lib.identity import synthetic_identity_number

    rng = random.Random(3)
    first, second = (synthetic_identity_number(dt.date(1990, 5, day), rng, rule_2032=True) for day in (17, 18))
    header = TENANCY_HEADER + ";Fødselsdato;Kjønn"
    path = write_csv(header, tenancy_line("L1", "B1", first) + ";17.05.1990;Kvinne",
                     tenancy_line("L2", "B2", second, name="Li, Mai") + ";;")
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[0].action == Action.CREATE
    assert rows[1].reasons == [
        "Fødselsdato mangler og kan ikke leses sikkert av fødselsnummeret (hundreåret er ukjent, for eksempel for "
        "nye numre fra 2032). Legg til en kolonne med fødselsdato.",
        "Kjønn mangler og kan ikke leses av fødselsnummeret (nytt nummer fra 2032)."]


def test_a_number_that_would_give_a_birth_date_in_the_future_is_never_stored_with_it(alice, dwellings, write_csv):
    """Born 15.08.1932 with individual digits 600, which the old allocation reads as 2032."""
    number = synthetic_number_with_individual(dt.date(1932, 8, 15), 600)
    without_date = services.import_plan(kind="tenancies", path=write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", number)),
                                        today=TODAY).rows
    assert without_date[0].action == Action.REJECTED
    assert "Legg til en kolonne med fødselsdato" in without_date[0].reasons[0]
    path = write_csv(TENANCY_HEADER + ";Fødselsdato", tenancy_line("L1", "B1", number) + ";15.08.1932", name="b.csv")
    commit(alice, "tenancies", path)
    assert Person.objects.get().birth_date == dt.date(1932, 8, 15)


def test_an_unknown_dwelling_is_rejected(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B9", numbers[0]))
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[0].reasons[0].startswith("Ukjent bolig: ingen bolig i Boligvei har id «B9»")


def test_conflicting_tenancies_in_the_file_are_rejected(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER,
                     tenancy_line("L1", "B1", numbers[0]),
                     tenancy_line("L2", "B1", numbers[1]),  # a second active tenancy for dwelling B1
                     tenancy_line("L3", "B2", numbers[0], start="01.01.2024"),  # Kari is already active in B1
                     tenancy_line("L4", "B3", numbers[2], name="Berg, Per"),
                     tenancy_line("L5", "B3", numbers[3], name="Li, Mai", start="01.01.2020", end="31.12.2023",
                                  contract="Tidsbestemt"))  # overlaps L4 from 2023-05-01
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert [row.action for row in rows] == ["create", "rejected", "rejected", "create", "rejected"]
    assert rows[1].reasons == ["Motstridende leieforhold: overlapper linje 2 for boligen."]
    assert rows[2].reasons == ["Motstridende leieforhold: overlapper linje 2 for husstanden."]
    assert rows[4].reasons == ["Motstridende leieforhold: overlapper linje 5 for boligen."]


def test_a_tenancy_overlapping_one_in_boligvei_is_rejected(alice, dwellings, write_csv, numbers):
    TenancyFactory(dwelling=Dwelling.objects.get(source_id="B1"), start_date=dt.date(2021, 1, 1))
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]))
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[0].reasons == ["Motstridende leieforhold: overlapper et registrert leieforhold fra 01.01.2021 "
                               "for boligen."]


def test_one_person_with_different_details_in_two_rows_is_rejected(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], end="31.12.2023", contract="Tidsbestemt"),
                     tenancy_line("L2", "B2", numbers[0], name="Hansen, Karin", start="01.01.2024"))
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[1].reasons == ["Motstridende opplysninger om hovedpersonen: linje 2 har samme fødselsnummer med "
                               "andre opplysninger."]


def test_a_known_person_is_matched_by_identity_number_and_updated(alice, dwellings, write_csv, numbers):
    commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], "Hansen, Kari")))
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], "Hansen-Berg, Kari"), name="ny.csv")
    plan = services.import_plan(kind="tenancies", path=path, today=TODAY)
    assert plan.rows[0].action == Action.UPDATE
    assert plan.rows[0].changes == {"etternavn": ("Hansen", "Hansen-Berg")}
    commit(alice, "tenancies", path)
    assert Household.objects.get().name == "Hansen-Berg, Kari"


# Rollback ---------------------------------------------------------------------------------------


def test_rollback_deletes_what_the_run_created(alice, dwellings, write_csv, numbers):
    run = commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]))).run
    services.import_rollback(actor=alice, run=run)
    assert (Tenancy.objects.count(), Household.objects.count(), Person.objects.count()) == (0, 0, 0)
    run.refresh_from_db()
    assert run.status == RunStatus.ROLLED_BACK and run.rolled_back_by == "alice"
    assert AuditEvent.objects.filter(action="import.rollback", object_id=str(run.pk)).exists()
    with pytest.raises(DomainError, match="allerede rullet tilbake"):
        services.import_rollback(actor=alice, run=run)


def test_rollback_restores_what_the_run_changed(alice, dwellings, write_csv, numbers):
    commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], "Hansen, Kari")))
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], "Hansen-Berg, Kari", rent="10 000",
                                                  end="31.12.2025", contract="Tidsbestemt"), name="ny.csv")
    run = commit(alice, "tenancies", path).run
    tenancy = Tenancy.objects.get()
    assert (tenancy.rent_monthly, tenancy.is_active) == (10000, False)
    services.import_rollback(actor=alice, run=run)
    tenancy.refresh_from_db()
    assert (tenancy.rent_monthly, tenancy.is_active, tenancy.end_date) == (9800, True, None)
    assert Household.objects.get().name == "Hansen, Kari"


def test_rollback_is_refused_while_a_newer_tenancy_points_at_a_created_dwelling(alice, dwellings, write_csv,
                                                                                 numbers):
    commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0])))
    before = register_counts()
    with pytest.raises(DomainError, match="leieforhold registrert etter importen peker på bolig"):
        services.import_rollback(actor=alice, run=dwellings)
    assert register_counts() == before


def test_rollback_is_refused_while_a_later_run_touched_the_same_records(alice, dwellings, write_csv):
    commit(alice, "dwellings", write_csv(DWELLING_HEADER, dwelling_line("B1", rent="10 100"), name="ny.csv"))
    with pytest.raises(DomainError, match=r"Import \d+ \(nyere\) har endret de samme postene"):
        services.import_rollback(actor=alice, run=dwellings)


def test_rollback_is_refused_when_a_record_was_changed_by_hand(alice, dwellings):
    Dwelling.objects.filter(source_id="B2").update(rent_monthly=12000)
    with pytest.raises(DomainError, match="er endret etter importen"):
        services.import_rollback(actor=alice, run=dwellings)
    assert Dwelling.objects.count() == 3


def test_rollback_is_refused_when_a_case_or_person_now_depends_on_a_created_household(alice, dwellings, write_csv,
                                                                                      numbers):
    from tests.people.factories import PersonFactory

    run = commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]))).run
    PersonFactory(household=Household.objects.get(), relation="child", first_name="Ida")
    with pytest.raises(DomainError, match="person registrert etter importen peker på husstand"):
        services.import_rollback(actor=alice, run=run)
    assert HouseholdFactory._meta.model.objects.count() == 1


def test_an_xlsx_with_excel_dates_numbers_and_empty_optional_cells_imports(alice, dwellings, tmp_path, numbers):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(TENANCY_HEADER.split(";") + ["Telefon"])
    sheet.append(["L1", "B1", "Hansen, Kari", int(numbers[0]), dt.datetime(2023, 5, 1), None, 9800.0, "Tidsubestemt",
                  None])
    path = tmp_path / "leieforhold.xlsx"
    workbook.save(path)
    run = commit(alice, "tenancies", path).run
    assert run.created == 1
    person = Person.objects.get()
    assert person.phone == "" and person.identity_number() == numbers[0]
    assert Tenancy.objects.get().start_date == dt.date(2023, 5, 1)


def test_a_file_may_end_a_tenancy_and_start_the_next_in_the_same_dwelling(alice, dwellings, write_csv, numbers):
    commit(alice, "tenancies", write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0])))
    path = write_csv(TENANCY_HEADER,
                     tenancy_line("L1", "B1", numbers[0], end="31.12.2025", contract="Tidsbestemt"),
                     tenancy_line("L2", "B1", numbers[1], name="Li, Mai", start="01.01.2026"), name="ny.csv")
    run = commit(alice, "tenancies", path).run
    assert (run.created, run.updated) == (1, 1)
    assert list(Tenancy.objects.filter(is_active=True).values_list("source_id", flat=True)) == ["L2"]


def test_a_tenancy_ending_before_it_starts_is_rejected_by_the_models_rule(alice, dwellings, write_csv, numbers):
    path = write_csv(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], start="01.01.2024", end="31.12.2023",
                                                  contract="Tidsbestemt"))
    rows = services.import_plan(kind="tenancies", path=path, today=TODAY).rows
    assert rows[0].reasons == ["Sluttdato kan ikke være før startdato."]
