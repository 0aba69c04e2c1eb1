"""`boligvei screen`: the candidate list (every tenant screened at once) as CSV or JSON."""

import csv
import io
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from boligvei.assessments.portfolio import portfolio_screen
from boligvei.core.audit import audit_record
from boligvei.lib.spreadsheet import safe_cell

FIELDS = ["household_id", "household_name", "dwelling_id", "street_address", "area", "rent_to_own_potential",
          "rent_monthly", "total_price", "max_price", "shortfall", "surplus_monthly", "readiness"]


class Command(BaseCommand):
    help = ("Screen every active tenancy with the vectorised affordability engine and export the candidates, "
            "ranked by readiness (ready, close, far), as CSV (default) or JSON. Counts go to standard error.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, format: str, output: str | None, **options):
        screening = portfolio_screen(today=timezone.localdate())
        rows = [{field: getattr(c, field) for field in FIELDS} for c in screening.candidates]
        buffer = io.StringIO()
        if format == "json":
            json.dump({"year": screening.year, "date": screening.date.isoformat(), "candidates": rows,
                       "skipped": [s.__dict__ for s in screening.skipped]}, buffer, ensure_ascii=False, indent=2)
            buffer.write("\n")
        else:
            writer = csv.DictWriter(buffer, fieldnames=FIELDS, delimiter=";")
            writer.writeheader()
            writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in rows)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                stream.write(buffer.getvalue())
        else:
            self.stdout.write(buffer.getvalue(), ending="")
        audit_record(actor=None, action="screening.export",
                     changes={"households": [row["household_id"] for row in rows], "format": format})
        counts = {r: sum(1 for c in screening.candidates if c.readiness == r) for r in ("ready", "close", "far")}
        self.stderr.write(f"{len(rows)} candidates (ready {counts['ready']}, close {counts['close']}, "
                          f"far {counts['far']}); {len(screening.skipped)} tenancies could not be screened.")
