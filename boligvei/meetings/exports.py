"""The meetings overview's download (CSV and Excel): the meetings waiting for a record and those to come."""

from django.utils import timezone

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import DATE

MEETINGS = ListExport(
    name="moter", title="Møter", audit_action="meeting.export",
    household_of=lambda meeting: meeting.household_id,
    columns=(
        ExportColumn("Tidspunkt", lambda m: m.slot.starts_at, DATE),
        ExportColumn("Sted", lambda m: m.slot.location),
        ExportColumn("Saksbehandler", lambda m: str(m.slot.caseworker)),
        ExportColumn("Husstand", lambda m: m.household.name),
        ExportColumn("Saksnummer", lambda m: m.case_id),
        ExportColumn("Venter på referat", lambda m: m.slot.starts_at < timezone.now()),
    ),
)
