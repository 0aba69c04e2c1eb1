"""The report's tables: one shape for the page, the CSV and XLSX downloads and the yearly PDF.

A `Table` has columns with a kind (text, a count, kroner, a share, days) and rows of plain
values; each output formats the kinds its own way (Norwegian number formats on the page and in
the PDF, numbers as numbers in XLSX, decimal commas in CSV for a Norwegian spreadsheet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from boligvei.cases.funnel import Stage
from boligvei.lib.spreadsheet import DAYS, KR, NUMERIC_KINDS, RATE, SHARE, TEXT, Column, write_csv, write_xlsx
from boligvei.reports.criteria import LABELS as CRITERION_LABELS
from boligvei.reports.selectors import Dashboard, FunnelRow

__all__ = ["NUMERIC_KINDS", "Column", "Table", "format_cell", "report_table", "report_tables", "table_csv",
           "table_xlsx"]


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list]
    footer: list | None = None
    caption: str = ""
    filenames: dict = field(default_factory=dict)

    @property
    def all_rows(self) -> list[list]:
        return self.rows + ([self.footer] if self.footer else [])


def _purchases(d: Dashboard) -> Table:
    columns = [Column(_("År"), TEXT), Column(_("Kjøpte boligen de leide")), Column(_("Kjøpte en annen bolig")),
               Column(_("Kjøp i alt")), Column(_("Akkumulert")), Column(_("Kjøpesum"), KR), Column(_("Startlån"), KR),
               Column(_("Banklån"), KR), Column(_("Tilskudd"), KR), Column(_("Egenkapital"), KR)]

    def row(year, label):
        return [label, year.rented, year.other, year.total, year.cumulative, year.price, year.startlan,
                year.bank_loan, year.grant, year.equity]

    total = d.purchases.total
    return Table("kjop", _("Kjøp per år"), columns, [row(y, str(y.year)) for y in d.purchases.years],
                 footer=row(total, _("Sum perioden")))


def _funnel_table(slug: str, title: str, first: str, rows: list[FunnelRow]) -> Table:
    columns = [Column(first, TEXT), *[Column(stage.label) for stage in Stage], Column(_("Kjøp av inviterte"), SHARE)]
    return Table(slug, title, columns, [[row.label, *row.counts, row.shares[-1]] for row in rows])


def _conversion_table(slug: str, title: str, first: str, rows: list[FunnelRow]) -> Table:
    stages = list(Stage)
    columns = [Column(first, TEXT), *[Column(_("%(later)s av %(earlier)s") % {"later": later.label, "earlier": str(earlier.label).lower()}, SHARE)
                                      for earlier, later in zip(stages, stages[1:], strict=False)]]
    return Table(slug, title, columns, [[row.label, *row.conversions[1:]] for row in rows])


def _funnel(d: Dashboard) -> Table:
    total = d.funnel.total
    columns = [Column(_("Trinn"), TEXT), Column(_("Saker")), Column(_("Andel av inviterte"), SHARE),
               Column(_("Konvertering fra trinnet før"), SHARE)]
    rows = [[stage.label, count, share, conversion] for stage, count, share, conversion
            in zip(Stage, total.counts, total.shares, total.conversions, strict=True)]
    return Table("trakt", _("Trakten: saker åpnet i perioden"), columns, rows)


def _duration(d: Dashboard) -> Table:
    duration = d.duration
    rows = [[label, count, count / duration.count if duration.count else None] for label, count in duration.buckets]
    return Table("tid", _("Tid fra invitasjon til kjøp"), [Column(_("Tid"), TEXT), Column(_("Kjøp")), Column(_("Andel"), SHARE)],
                 rows, footer=[_("I alt"), duration.count, 1.0 if duration.count else None])


def _certificates(d: Dashboard) -> Table:
    columns = [Column(_("År beviset ble gitt"), TEXT), Column(_("Finansieringsbevis")), Column(_("Kjøpt")),
               Column(_("Andel som har kjøpt"), SHARE), Column(_("Kjøpt innen fire måneder"), SHARE),
               Column(_("Ikke kjøpt")), Column(_("Median tid fra bevis til kjøp"), DAYS)]
    rows = [[str(y.year), y.issued, y.bought, y.share_bought, y.share_bought_soon, y.not_bought, y.median_days]
            for y in d.certificates]
    return Table("finansieringsbevis", _("Fra finansieringsbevis til kjøp"), columns, rows)


def _follow_ups(d: Dashboard) -> Table:
    columns = [Column("År oppfølgingen var planlagt", TEXT), Column("Planlagt"), Column("Gjennomført"),
               Column("Forfalt, ikke gjennomført"), Column("Husstander fulgt opp"),
               Column("Husstander med betalingsproblemer"), Column("Andel med betalingsproblemer", SHARE)]

    def row(y):
        return [y.label, y.planned, y.done, y.overdue, y.households_followed_up, y.households_with_trouble,
                y.share_with_trouble]

    report = d.follow_ups
    return Table("oppfolging", "Oppfølging etter kjøp", columns, [row(y) for y in report.years],
                 footer=row(report.total) if report.years else None)


def _turnover(d: Dashboard) -> Table:
    columns = [Column(_("År"), TEXT), Column(_("Frigjort ved kjøp")), Column(_("Solgt til leietaker")),
               Column(_("Leid ut igjen fra ventelisten")), Column(_("Nyinnflyttede husstander")),
               Column(_("Boliger solgt")), Column(_("Boliger anskaffet")), Column(_("Anskaffet for"), KR),
               Column(_("Boligmasse ved årets slutt")), Column(_("Nyinnflyttede per 100 boliger"), RATE)]
    rows = [[str(y.year), y.freed_by_purchase, y.sold_to_tenant, y.relet_from_waiting_list, y.newly_housed,
             y.dwellings_sold, y.dwellings_acquired, y.acquisition_amount, y.stock_at_year_end,
             y.newly_housed_per_100] for y in d.turnover.years]
    return Table("gjennomstromning", _("Gjennomstrømning og boligmassen"), columns, rows)


def _waiting_points(d: Dashboard) -> Table:
    columns = [Column(_("Dato"), TEXT), Column(_("Husstander på venteliste")), Column(_("Gjennomsnittlig ventetid"), DAYS)]
    rows = [[point.day.strftime("%d.%m.%Y"), point.waiting, point.average_days] for point in d.waiting.points]
    return Table("venteliste", _("Ventelisten ved utgangen av %(step)s") % {"step": d.waiting.each_step}, columns, rows)


def _waiting_years(d: Dashboard) -> Table:
    columns = [Column(_("År"), TEXT), Column(_("Nye søknader")), Column(_("Tildelt bolig")), Column(_("Trukket")),
               Column(_("Avslått"))]
    rows = [[str(y.year), y.applications, y.housed, y.withdrawn, y.rejected] for y in d.waiting.years]
    return Table("venteliste-ar", _("Ventelisten per år"), columns, rows)


def _criteria(d: Dashboard) -> Table:
    columns = [Column("År", TEXT), Column("Kriterium i retningslinjene", TEXT), Column("Husstander (sak åpnet)"),
               Column("Startlån innvilget"), Column("Startlån avslått")]
    keys = d.criteria.keys()
    rows = [[str(y.year), CRITERION_LABELS[key], y.households[key], y.approved[key], y.refused[key]]
            for y in d.criteria.years for key in keys]
    return Table("malgruppe", "Målgruppen i retningslinjene per år", columns, rows)


def _builders(d: Dashboard) -> dict[str, Callable[[], Table | None]]:
    """How to make each table, by the slug its download is named by; a builder asks only for
    the figures its table shows."""
    breakdowns = [("trakt-ar", _("per år saken ble åpnet"), "År", "by_year"),
                  ("trakt-kanal", _("per kanal"), _("Kom inn via"), "by_channel")]
    if d.by_caseworker:
        breakdowns.append(("trakt-saksbehandler", _("per saksbehandler"), "Saksbehandler", "by_caseworker"))
    builders: dict[str, Callable[[], Table | None]] = {"kjop": lambda: _purchases(d), "trakt": lambda: _funnel(d)}
    for slug, title, first, attr in breakdowns:
        for suffix, make, heading in (("", _funnel_table, _("Trakten %(title)s") % {"title": title}),
                                      ("-konvertering", _conversion_table, _("Konvertering mellom trinnene %(title)s") % {"title": title})):
            def build(slug=f"{slug}{suffix}", make=make, heading=heading, first=first, attr=attr):
                rows = getattr(d.funnel, attr)
                return make(slug, heading, first, rows) if rows or attr != "by_caseworker" else None
            builders[f"{slug}{suffix}"] = build
    builders |= {"tid": lambda: _duration(d), "finansieringsbevis": lambda: _certificates(d),
                 "oppfolging": lambda: _follow_ups(d),
                 "gjennomstromning": lambda: _turnover(d),
                 "venteliste": lambda: _waiting_points(d), "venteliste-ar": lambda: _waiting_years(d),
                 "malgruppe": lambda: _criteria(d)}
    return builders


def report_table(d: Dashboard, slug: str) -> Table | None:
    """One table, computing only the figures it needs (None for a table there is not)."""
    build = _builders(d).get(slug)
    return build() if build else None


# The tables on their own page («Etter kjøpet og målgruppen»), so that the programme's main page
# keeps to its query budget (issue 18): each costs queries of its own.
AFTER_PURCHASE_TABLES = ("oppfolging", "malgruppe")


def report_tables(d: Dashboard, slugs: tuple[str, ...] | None = None,
                  exclude: tuple[str, ...] = ()) -> dict[str, Table]:
    """The report's tables (every one, or those of `slugs`, less `exclude`), by the slug its
    download is named by. Only the tables asked for are computed."""
    tables = {slug: build() for slug, build in _builders(d).items()
              if (slugs is None or slug in slugs) and slug not in exclude}
    return {slug: table for slug, table in tables.items() if table is not None}


# --- formatting ----------------------------------------------------------------------------------

NBSP = "\u00a0"


def format_number(value, decimals: int = 0) -> str:
    """1234567.5 → "1 234 567,5" (Norwegian: a space between thousands, a decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def format_cell(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == TEXT:
        return str(value)
    if kind == SHARE:
        return f"{format_number(100 * value, 0)}{NBSP}%"
    if kind == KR:
        return f"{format_number(value)}{NBSP}kr"
    if kind == DAYS:
        return f"{format_number(value)}{NBSP}" + _("dager")
    if kind == RATE:
        return format_number(value, 1)
    return format_number(value)


def table_csv(table: Table) -> bytes:
    """Semicolons and decimal commas, UTF-8 with a byte-order mark: what a Norwegian Excel opens
    as it is. Text cells are made safe from being read as formulas."""
    return write_csv(table.columns, table.all_rows)


def table_xlsx(table: Table, *, subtitle: str) -> bytes:
    """One sheet: the title, what the figures are as of, the header and the rows; numbers are
    numbers with a format, text is made safe from being read as a formula."""
    return write_xlsx(table.columns, table.all_rows, sheet_title=table.title, title=table.title, subtitle=subtitle,
                      bold_last_row=bool(table.footer))
