"""The campaign list's and a campaign's letters' downloads (CSV and Excel)."""

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import COUNT, DATE

CAMPAIGNS = ListExport(
    name="utsendelser", title="Utsendelser",
    columns=(
        ExportColumn("Navn", lambda c: c.name),
        ExportColumn("Type", lambda c: c.get_kind_display()),
        ExportColumn("Status", lambda c: c.get_status_display()),
        ExportColumn("Sendt", lambda c: c.sent_on, DATE),
        ExportColumn("Brev laget", lambda c: c.letters_made, COUNT),
        ExportColumn("Brev i alt", lambda c: c.letters_total, COUNT),
        ExportColumn("Brevdato", lambda c: c.letter_date, DATE),
        ExportColumn("Kontaktperson", lambda c: str(c.contact)),
    ),
)

LETTERS = ListExport(
    name="brev", title="Brev", audit_action="campaign.export",
    household_of=lambda letter: letter.household_id,
    columns=(
        ExportColumn("Husstand", lambda letter: letter.household.name),
        ExportColumn("Språk", lambda letter: letter.get_language_display()),
        ExportColumn("Ønsket språk", lambda letter: letter.language_wanted),
        ExportColumn("Status", lambda letter: letter.get_status_display()),
        ExportColumn("Sendt", lambda letter: letter.sent_on, DATE),
        ExportColumn("Svar", lambda letter: letter.answered_on, DATE),
    ),
)
