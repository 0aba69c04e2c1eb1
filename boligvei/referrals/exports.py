"""The referral queue's download (CSV and Excel): the columns the queue shows, no contact details."""

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import COUNT, DATE


def _status(submission) -> str:
    return submission.get_status_display() if submission.is_open else submission.get_outcome_display()


SUBMISSIONS = ListExport(
    name="henvendelser", title="Henvendelser", audit_action="referral.export",
    household_of=lambda submission: submission.household_id,
    columns=(
        ExportColumn("Navn", lambda s: s.name),
        ExportColumn("Kom inn via", lambda s: s.get_channel_display()),
        ExportColumn("Henvist fra", lambda s: s.partner.name if s.partner else ""),
        ExportColumn("Sist sendt", lambda s: s.last_submitted_at, DATE),
        ExportColumn("Innsendinger", lambda s: s.submission_count, COUNT),
        ExportColumn("Status", _status),
        ExportColumn("Behandlet", lambda s: s.handled_at, DATE),
    ),
)
