"""The housing lists' downloads (CSV and Excel): one declaration of the columns per list."""

from boligvei.core.exports import ExportColumn, ListExport
from boligvei.lib.spreadsheet import COUNT, DATE, KR


def _visible_tenancy(dwelling):
    """The active tenancy when the user may see its household, as the list page decides."""
    tenancy = dwelling.active_tenancy
    return tenancy if tenancy is not None and getattr(tenancy, "household_visible", False) else None


def _tenant(dwelling) -> str:
    if (tenancy := _visible_tenancy(dwelling)) is not None:
        return tenancy.household.name
    return "Utleid (annet team)" if dwelling.active_tenancy else ""


DWELLINGS = ListExport(
    name="boliger", title="Boliger", audit_action="dwelling.export",
    household_of=lambda dwelling: tenancy.household_id if (tenancy := _visible_tenancy(dwelling)) else None,
    columns=(
        ExportColumn("Id i fagsystem", lambda d: d.source_id),
        ExportColumn("Adresse", lambda d: d.street_address),
        ExportColumn("Bruksenhetsnummer", lambda d: d.unit_number),
        ExportColumn("Postnummer", lambda d: d.postal_code),
        ExportColumn("Poststed", lambda d: d.postal_place),
        ExportColumn("Område", lambda d: d.area),
        ExportColumn("Boligtype", lambda d: d.get_building_type_display()),
        ExportColumn("Antall rom", lambda d: d.rooms, COUNT),
        ExportColumn("Bruksareal", lambda d: d.floor_area, COUNT),
        ExportColumn("Husleie per måned", lambda d: d.rent_monthly, KR),
        ExportColumn("Status", lambda d: d.get_status_display()),
        ExportColumn("Leietaker", _tenant),
        ExportColumn("Leie-til-eie-potensial", lambda d: d.rent_to_own_potential),
    ),
)

TENANCIES = ListExport(
    name="leieforhold", title="Leieforhold", audit_action="tenancy.export",
    household_of=lambda tenancy: tenancy.household_id,
    columns=(
        ExportColumn("Id for leieforholdet", lambda t: t.source_id),
        ExportColumn("Leietaker", lambda t: t.household.name),
        ExportColumn("Bolig", lambda t: t.dwelling.street_address),
        ExportColumn("Område", lambda t: t.dwelling.area),
        ExportColumn("Kontraktstype", lambda t: t.get_contract_type_display()),
        ExportColumn("Startdato", lambda t: t.start_date, DATE),
        ExportColumn("Sluttdato", lambda t: t.end_date, DATE),
        ExportColumn("Husleie per måned", lambda t: t.rent_monthly, KR),
        ExportColumn("Aktivt", lambda t: t.is_active),
    ),
)

WAITING_LIST = ListExport(
    name="venteliste", title="Venteliste", audit_action="waiting_list.export",
    household_of=lambda entry: entry.household_id,
    columns=(
        ExportColumn("Id for ventelisteoppføringen", lambda e: e.source_id),
        ExportColumn("Husstand", lambda e: e.household.name),
        ExportColumn("Søknadsdato", lambda e: e.application_date, DATE),
        ExportColumn("Behovskategori", lambda e: e.get_need_category_display()),
        ExportColumn("Prioritet", lambda e: e.get_priority_display()),
        ExportColumn("Status", lambda e: e.get_status_display()),
        ExportColumn("Statusdato", lambda e: e.status_date, DATE),
        ExportColumn("Tildelt bolig", lambda e: e.allocated_dwelling.street_address if e.allocated_dwelling else ""),
    ),
)
