"""Benchmark: importing dwellings and tenancies (with households) into PostgreSQL, against COPY.

Generates a dwellings CSV and a tenancies CSV (one household per tenancy, synthetic identity
numbers: month + 80, never a real person's), then, for each size asked for, in a database of
its own:

1. `import_commit` of the dwellings file, then of the tenancies file (creating the households
   and their main persons), each timed (rows/s); commit plans the file batch by batch inside its
   transaction and writes each batch in bulk, so the time is dry run + write;
2. the re-import of the same tenancy file (every row unchanged: nothing is written);
3. `import_rollback` of the tenancy import (deletes every tenancy, person and household it made);
4. peak memory of the process (ru_maxrss) after each step, and optionally tracemalloc's peak
   for the tenancy import (`--tracemalloc`, which slows Python down);
5. PostgreSQL's own `COPY ... FROM STDIN` of the same tenancy CSV into a bare table as the
   floor, and the ratio import time / COPY time.

    .venv/bin/python -m benchmarks.imports --rows 10000
    .venv/bin/python -m benchmarks.imports --rows 10000 100000     # how it scales, one run

It creates (and afterwards drops) the database BENCH_DATABASE + `_imp` (default
`boligvei_bench_imp`) on BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432):
not the one the other benchmarks use.
"""

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.harness import DB_NAME as BENCH_DB
from benchmarks.harness import close, database_create, setup_django

DB_NAME = f"{BENCH_DB}_imp"
DWELLING_HEADER = "Bolig-ID;Adresse;Postnummer;Poststed;Kommunenummer;Boligtype;Antall rom;Bruksareal;Månedsleie"
TENANCY_HEADER = ("Kontraktsnummer;Bolig-ID;Navn;Fødselsnummer;Leieforhold startdato;Leieforhold sluttdato;"
                  "Månedsleie;Kontraktstype")
FIRST = ["Kari", "Ola", "Ingrid", "Per", "Nora", "Ali", "Fatima", "Jonas", "Sara", "Emil"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen", "Ahmed"]


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def write_files(folder: Path, rows: int, seed: int = 8) -> tuple[Path, Path]:
    """The two CSV files, written line by line (nothing held in memory)."""
    from boligvei.lib.identity import synthetic_identity_number

    rng = random.Random(seed)
    dwellings, tenancies = folder / "boliger.csv", folder / "leieforhold.csv"
    with dwellings.open("w", encoding="utf-8") as out:
        out.write(DWELLING_HEADER + "\n")
        for i in range(rows):
            out.write(f"B{i};Bjørkeveien {i // 10 + 1} H{i % 10:02d};3715;Fjordvik;3999;Leilighet;"
                      f"{rng.randint(1, 5)};{rng.randint(30, 120)},5;{rng.randint(60, 140) * 100}\n")
    issued = set()
    with tenancies.open("w", encoding="utf-8") as out:
        out.write(TENANCY_HEADER + "\n")
        for i in range(rows):
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 60 * 365))
            while (number := synthetic_identity_number(birth, rng)) in issued:
                pass
            issued.add(number)
            start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
            out.write(f"L{i};B{i};{rng.choice(LAST)}, {rng.choice(FIRST)};{number};{start.isoformat()};;"
                      f"{rng.randint(60, 140) * 100};Tidsubestemt\n")
    return dwellings, tenancies


def _import(kind: str, path: Path, today: dt.date, trace: bool) -> dict:
    from boligvei.imports import services

    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = services.import_commit(actor=None, kind=kind, path=path, today=today)
    seconds = time.perf_counter() - start
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return {"rows": result.run.rows, "created": result.run.created, "seconds": seconds,
            "rows_per_s": result.run.rows / seconds, "tracemalloc_peak_mib": peak, "maxrss_mib": _maxrss_mib()}


def _copy(path: Path) -> float:
    """COPY the tenancy CSV into a bare table, streamed; the floor for any import."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE TABLE bench_copy (source_id text, dwelling text, name text, identity_number text, "
                       "start_date date, end_date date, rent integer, contract_type text)")
        raw.commit()
        start = time.perf_counter()
        with cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')") as copy, \
                path.open("rb") as stream:
            while chunk := stream.read(1024 * 1024):
                copy.write(chunk)
        raw.commit()
        seconds = time.perf_counter() - start
        cursor.execute("SELECT count(*) FROM bench_copy")
        assert cursor.fetchone()[0] > 0
    return seconds


def _table_marks() -> dict[str, int]:
    """The highest id in every table with an integer id: what an import writes lies above it."""
    from django.apps import apps
    from django.db import connection, models

    tables = sorted({m._meta.db_table for m in apps.get_models()
                     if isinstance(m._meta.pk, (models.AutoField, models.BigAutoField)) and m._meta.managed})
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', coalesce(max(id), 0) FROM {t}" for t in tables))
        return dict(cursor.fetchall())


def _copy_floor(before: dict[str, int]) -> tuple[float, dict[str, int]]:
    """The floor the issue sets: the rows the import wrote, written again into the same tables with
    their indexes and constraints by PostgreSQL's `COPY ... FROM STDIN` (binary), inside a
    transaction that is rolled back, so the database is left as the import left it."""
    from django.db import connection

    after = _table_marks()
    written = {t: after[t] - before[t] for t in after if after[t] > before[t]}
    connection.ensure_connection()
    raw = connection.connection
    dumps = {}
    with raw.cursor() as cursor:
        for table in written:
            buffer = bytearray()
            with cursor.copy(f"COPY (SELECT * FROM {table} WHERE id > {before[table]} ORDER BY id) "
                             "TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    buffer += chunk
            dumps[table] = bytes(buffer)
        raw.commit()
        # Rows that refer to each other are deleted children first, written again parents first.
        order = _parents_first(list(written))
        for table in reversed(order):
            # The audit log's append-only trigger would refuse the delete; disabled only inside
            # this transaction, which is rolled back (foreign-key checks stay on).
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(f"DELETE FROM {table} WHERE id > {before[table]}")
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        start = time.perf_counter()
        for table in order:
            with cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                copy.write(dumps[table])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - start
        raw.rollback()
    return seconds, written


def _parents_first(tables: list[str]) -> list[str]:
    from django.apps import apps

    by_table = {m._meta.db_table: m for m in apps.get_models()}
    order: list[str] = []

    def visit(table: str, path: tuple = ()) -> None:
        if table in order or table in path:
            return
        for field in by_table[table]._meta.concrete_fields:
            target = field.related_model._meta.db_table if field.is_relation and field.related_model else None
            if target in tables and target != table:
                visit(target, path + (table,))
        order.append(table)

    for table in tables:
        visit(table)
    return order


def _timed(label: str, rows: int, action) -> dict:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"  {label:28s} {rows:>7} rows in {seconds:7.1f} s = {rows / seconds:7.0f} rows/s; "
          f"ru_maxrss {_maxrss_mib():.0f} MiB")
    sys.stdout.flush()
    return {"seconds": seconds, "rows_per_s": rows / seconds, "maxrss_mib": _maxrss_mib()}


def _run(rows: int, folder: Path, today: dt.date, trace: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from boligvei.imports import services

    call_command("migrate", verbosity=0)
    dwellings, tenancies = write_files(folder, rows)
    size = tenancies.stat().st_size / 1024 / 1024
    print(f"\n{rows:,} rows; tenancy CSV {size:.1f} MiB; ru_maxrss before import {_maxrss_mib():.0f} MiB"
          .replace(",", " "))
    d = _import("dwellings", dwellings, today, False)
    print(f"  {'dwellings import':28s} {d['rows']:>7} rows in {d['seconds']:7.1f} s = {d['rows_per_s']:7.0f} rows/s; "
          f"ru_maxrss {d['maxrss_mib']:.0f} MiB")
    marks = _table_marks()
    t = _import("tenancies", tenancies, today, trace)
    traced = f", tracemalloc peak {t['tracemalloc_peak_mib']:.0f} MiB" if t["tracemalloc_peak_mib"] else ""
    print(f"  {'tenancies import (+ hh.)':28s} {t['rows']:>7} rows in {t['seconds']:7.1f} s = "
          f"{t['rows_per_s']:7.0f} rows/s; ru_maxrss {t['maxrss_mib']:.0f} MiB{traced}")
    sys.stdout.flush()
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM housing_tenancy), (SELECT count(*) FROM people_household), "
                       "(SELECT count(*) FROM people_person), (SELECT count(*) FROM imports_importedrecord), "
                       "(SELECT count(*) FROM core_auditevent)")
        print("  in the database: {} tenancies, {} households, {} persons, {} imported records, {} audit rows"
              .format(*cursor.fetchone()))
    from boligvei.imports.models import ImportRun

    floor, written = _copy_floor(marks)
    print("  COPY of the same final rows into the same tables (" + ", ".join(
        f"{table} {count}" for table, count in written.items()) + f"): {floor:.2f} s")
    print(f"  ratio tenancy import / that floor: {t['seconds'] / floor:.1f}x")
    sys.stdout.flush()
    run = ImportRun.objects.get(kind="tenancies")
    _timed("tenancies re-import (same)", rows,
           lambda: services.import_commit(actor=None, kind="tenancies", path=tenancies, today=today))
    _timed("rollback of the tenancies", rows, lambda: services.import_rollback(actor=None, run=run))
    copy_seconds = _copy(tenancies)
    print(f"  COPY of the same tenancy rows into a bare table: {copy_seconds:.2f} s = "
          f"{rows / copy_seconds:,.0f} rows/s".replace(",", " "))
    print(f"  ratio tenancy import / COPY of the raw CSV: {t['seconds'] / copy_seconds:,.0f}x".replace(",", " "))
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000],
                        help="tenancies (and dwellings, one each); several sizes run one after the other, "
                             "each in a new database")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure tracemalloc's peak (slower)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards (last size)")
    args = parser.parse_args()

    today = dt.date(2026, 6, 1)
    for number, rows in enumerate(args.rows):
        database_create(DB_NAME)
        if number == 0:
            setup_django(DB_NAME)
        try:
            with tempfile.TemporaryDirectory() as folder:
                _run(rows, Path(folder), today, args.tracemalloc)
        finally:
            close(keep=args.keep and number == len(args.rows) - 1, db=DB_NAME)
    print("\nru_maxrss is the process's peak so far (it never goes down): read each size's growth.")


if __name__ == "__main__":
    main()
