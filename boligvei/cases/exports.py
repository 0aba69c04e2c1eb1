"""The case list's download (CSV and Excel)."""

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import DATE

CASES = ListExport(
    name="saker", title="Saker", audit_action="case.export",
    household_of=lambda case: case.household_id,
    columns=(
        ExportColumn("Saksnummer", lambda c: c.pk),
        ExportColumn("Husstand", lambda c: c.household.name),
        ExportColumn("Status", lambda c: c.get_status_display()),
        ExportColumn("Status siden", lambda c: c.status_changed_at, DATE),
        ExportColumn("Kom inn via", lambda c: c.get_channel_display()),
        ExportColumn("Område", lambda c: c.area),
        ExportColumn("Saksbehandler", lambda c: str(c.caseworker)),
    ),
)
