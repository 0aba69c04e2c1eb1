"""The candidate list's download (CSV and Excel): every tenant screened, as the page ranks them."""

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import KR

CANDIDATES = ListExport(
    name="kandidater", title="Kandidater", audit_action="screening.export",
    household_of=lambda candidate: candidate.household_id,
    columns=(
        ExportColumn("Husstand", lambda c: c.household_name),
        ExportColumn("Bolig", lambda c: c.street_address),
        ExportColumn("Område", lambda c: c.area),
        ExportColumn("Leie-til-eie-potensial", lambda c: c.rent_to_own_potential),
        ExportColumn("Husleie per måned", lambda c: c.rent_monthly, KR),
        ExportColumn("Markedsverdi", lambda c: c.total_price, KR),
        ExportColumn("Høyeste pris", lambda c: c.max_price, KR),
        ExportColumn("Mangler", lambda c: c.shortfall or None, KR),
        ExportColumn("Status", lambda c: c.readiness_label),
        ExportColumn("Målgruppen i retningslinjene", lambda c: c.target_group_text),
    ),
)
