"""Downloading a register list as CSV or Excel: every row the page would show, all pages.

A list declares its columns once (`ListExport`), beside its view. The download is the list's
own URL with `?eksport=csv` (or `xlsx`) added to the filters and the search token, answered by
`core.lists.list_page` with the same queryset the page uses — the same selector, so the same
scoping to what the user may see. Lists with people in them write an audit row
(`<thing>.export`) with the ids of the rows and households exported. Identity numbers are never
a column. Cells are written by `lib.spreadsheet`, which no spreadsheet can run as a formula.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone

from boligvei.core.audit import audit_record
from boligvei.lib.spreadsheet import (CSV_CONTENT_TYPE, TEXT, XLSX_CONTENT_TYPE, Column, write_csv,
                                      write_xlsx)

EXPORT_PARAM = "eksport"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ExportColumn:
    label: str
    value: Callable[[object], object]  # the row's value: text, a number, a date
    kind: str = TEXT


@dataclass(frozen=True)
class ListExport:
    """A list's download: its file name, the columns, and for lists with people the audit
    action and how to find each row's household."""

    name: str  # in the file name: boligvei-<name>-<date>.csv
    title: str  # the sheet's name
    columns: tuple[ExportColumn, ...]
    audit_action: str = ""
    household_of: Callable[[object], int | None] | None = None

    def response(self, request, rows: Iterable, fmt: str) -> HttpResponse:
        row_ids, households, count = [], set(), [0]

        def values():
            for row in rows:
                count[0] += 1
                if getattr(row, "pk", None) is not None:
                    row_ids.append(row.pk)
                if self.household_of is not None:
                    households.add(self.household_of(row))
                yield [_local(column.value(row)) for column in self.columns]

        columns = [Column(column.label, column.kind) for column in self.columns]
        if fmt == "xlsx":
            content = write_xlsx(columns, values(), sheet_title=self.title)
            content_type = XLSX_CONTENT_TYPE
        else:
            content = write_csv(columns, values())
            content_type = CSV_CONTENT_TYPE
        if self.audit_action:
            audit_record(actor=request.user, action=self.audit_action, changes={
                "format": fmt, "rows": count[0], "ids": row_ids,
                "households": sorted(households - {None})})
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (f'attachment; filename="boligvei-{self.name}-'
                                           f'{timezone.localdate():%Y-%m-%d}.{fmt}"')
        return response


def export_format(request) -> str | None:
    """The format asked for by `?eksport=`, or None for the page itself."""
    fmt = request.GET.get(EXPORT_PARAM)
    return fmt if fmt in FORMATS else None


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value
