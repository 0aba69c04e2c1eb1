"""The household list's download (CSV and Excel). Identity numbers are never exported."""

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import COUNT


def _main(household, attribute: str, display: bool = False):
    main = household.main_person
    if main is None:
        return ""
    return getattr(main, f"get_{attribute}_display")() if display else getattr(main, attribute)


HOUSEHOLDS = ListExport(
    name="husstander", title="Husstander", audit_action="household.export",
    household_of=lambda household: household.pk,
    columns=(
        ExportColumn("Husstandens id i fagsystem", lambda h: h.source_id),
        ExportColumn("Husstand", lambda h: h.name),
        ExportColumn("Medlemmer", lambda h: len(h.members.all()), COUNT),
        ExportColumn("Bolig", lambda h: h.active_tenancy.dwelling.street_address if h.active_tenancy else ""),
        ExportColumn("Språk", lambda h: _main(h, "preferred_language", display=True)),
        ExportColumn("Trenger tolk", lambda h: _main(h, "needs_interpreter")),
        ExportColumn("Tolkespråk", lambda h: _main(h, "interpreter_language")),
    ),
)
