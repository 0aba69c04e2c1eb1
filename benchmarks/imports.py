"""Benchmark: importing dwellings and tenancies (with households) into PostgreSQL, against COPY.

Generates a dwellings CSV and a tenancies CSV (one household per tenancy, synthetic identity
numbers: month + 80, never a real person's), then, in one run on a database of its own:

1. `import_commit` of the dwellings file (dry-run planning included: commit plans again in its
   transaction), then of the tenancies file, each timed (rows/s);
2. peak memory of the process (ru_maxrss) before and after, and optionally tracemalloc's peak
   for the tenancy import (`--tracemalloc`, which slows Python down);
3. PostgreSQL's own `COPY ... FROM STDIN` of the same tenancy CSV into a bare table as the
   floor, and the ratio import time / COPY time.

    .venv/bin/python -m benchmarks.imports --rows 10000
    .venv/bin/python -m benchmarks.imports --rows 100000

It creates (and afterwards drops) the database `boligvei_bench_imp` on BENCH_DATABASE_SERVER
(default postgres://postgres@127.0.0.1:5432): not `boligvei_bench`, which other benchmarks use.
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

from benchmarks.register import _close, _psql, _setup_django

DB_NAME = "boligvei_bench_imp"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="tenancies (and dwellings, one each)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure tracemalloc's peak (slower)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()

    _psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(f"CREATE DATABASE {DB_NAME}")
    _setup_django(DB_NAME)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    today = dt.date(2026, 6, 1)
    try:
        with tempfile.TemporaryDirectory() as folder:
            dwellings, tenancies = write_files(Path(folder), args.rows)
            size = tenancies.stat().st_size / 1024 / 1024
            baseline = _maxrss_mib()
            print(f"{args.rows:,} rows; tenancy CSV {size:.1f} MiB; ru_maxrss before import {baseline:.0f} MiB"
                  .replace(",", " "))
            sys.stdout.flush()
            results = {}
            for kind, path in (("dwellings", dwellings), ("tenancies", tenancies)):
                results[kind] = r = _import(kind, path, today, args.tracemalloc and kind == "tenancies")
                traced = f", tracemalloc peak {r['tracemalloc_peak_mib']:.0f} MiB" if r["tracemalloc_peak_mib"] else ""
                print(f"{kind:10s} {r['rows']:>7} rows in {r['seconds']:7.1f} s = {r['rows_per_s']:6.0f} rows/s; "
                      f"ru_maxrss {r['maxrss_mib']:.0f} MiB{traced}")
                sys.stdout.flush()
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM housing_tenancy")
                print(f"tenancies in the database: {cursor.fetchone()[0]}")
            copy_seconds = _copy(tenancies)
            ratio = results["tenancies"]["seconds"] / copy_seconds
            print(f"COPY of the same tenancy rows into a bare table: {copy_seconds:.2f} s = "
                  f"{args.rows / copy_seconds:,.0f} rows/s".replace(",", " "))
            print(f"ratio tenancy import / COPY: {ratio:,.0f}x".replace(",", " "))
    finally:
        _close(keep=args.keep, db=DB_NAME)


if __name__ == "__main__":
    main()
