"""`boligvei import` and `boligvei import_rollback`: printed plan, rejected rows, remembered mappings and exit codes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from boligvei.core.models import AuditEvent
from boligvei.housing.models import Dwelling
from boligvei.imports.models import ImportRun, ImportSource
from tests.imports.conftest import DWELLING_HEADER, dwelling_line


def run(*args):
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_a_dry_run_prints_the_plan_and_saves_nothing(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"), dwelling_line("B2"))
    code, out = run("import", "dwellings", str(path), "--dry-run")
    assert code == 0
    assert "Boliger fra fil.csv (tørrkjøring)" in out
    assert "Id i fagsystem ← «Bolig-ID»" in out
    assert "Rader: 2. Nye 2, endres 0, uendret 0, avvist 0." in out
    assert "Tørrkjøring: ingenting er lagret. Filen kan importeres." in out
    assert Dwelling.objects.count() == 0


def test_it_imports_with_the_actor_and_exits_0(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"))
    code, out = run("import", "dwellings", str(path), "--actor", "alice")
    run_ = ImportRun.objects.get()
    assert code == 0
    assert f"Importert som import {run_.pk}." in out
    assert run_.actor == alice
    assert AuditEvent.objects.filter(action="import.commit", actor=alice).exists()


def test_rejected_rows_are_listed_with_line_and_reason_and_exit_1(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"), dwelling_line("B1"), dwelling_line("B3", rent="mye"))
    code, out = run("import", "dwellings", str(path))
    assert code == 1
    assert "Avviste rader:" in out
    assert "  linje 3: Duplikat i filen: id «B1» står også på linje 2." in out
    assert "  linje 4: Husleie per måned (kolonne «Månedsleie»): «mye» er ikke et tall." in out
    assert "Ingenting er importert: 2 rader er avvist." in out
    assert Dwelling.objects.count() == 0 and ImportRun.objects.count() == 0


def test_an_unreadable_file_exits_1_with_the_reason(db, tmp_path):
    path = tmp_path / "bok.xlsx"
    path.write_bytes(b"PK\x03\x04 ikke en hel fil")
    code, out = run("import", "dwellings", str(path))
    assert code == 1
    assert "Ingenting er importert: Filen er ikke en gyldig XLSX-fil" in out


def test_wrong_use_exits_2(bob, write_csv, tmp_path):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"))
    with pytest.raises(CommandError, match="har ikke lov til å endre registeret") as error:
        call_command("import", "dwellings", str(path), "--actor", "bob")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="Finner ikke filen") as error:
        call_command("import", "dwellings", str(tmp_path / "borte.csv"))
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="skriv FELT=Kolonneoverskrift") as error:
        call_command("import", "dwellings", str(path), "--map", "farge=Farge")
    assert error.value.returncode == 2


def test_a_sources_mapping_is_remembered_for_its_next_file(alice, write_csv):
    header = DWELLING_HEADER.replace("Bolig-ID", "Eiendomsobjekt")  # no synonym of the source id
    path = write_csv(header, dwelling_line("B1"))
    code, out = run("import", "dwellings", str(path), "--dry-run")
    assert code == 1 and "Manglende kolonne: ingen kolonne i filen er koblet til «Id i fagsystem»." in out
    code, out = run("import", "dwellings", str(path), "--source", "FDV", "--map", "source_id=Eiendomsobjekt")
    assert code == 0
    assert ImportSource.objects.get(name="FDV").mapping["source_id"] == "Eiendomsobjekt"
    code, out = run("import", "dwellings", str(path), "--source", "FDV", "--dry-run")
    assert code == 0 and "uendret 1" in out


def test_rollback_command(alice, write_csv):
    path = write_csv(DWELLING_HEADER, dwelling_line("B1"))
    run("import", "dwellings", str(path))
    import_run = ImportRun.objects.get()
    code, out = run("import_rollback", str(import_run.pk), "--actor", "alice")
    assert code == 0 and f"Import {import_run.pk} er rullet tilbake." in out
    assert Dwelling.objects.count() == 0
    code, out = run("import_rollback", str(import_run.pk))
    assert code == 1 and "Ikke rullet tilbake: Import" in out
