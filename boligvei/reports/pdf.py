"""The yearly programme report (PDF/A, bokmål) for the city council and Husbanken, and the
charts the page and the report share.

The report is set by `typst/annual.typ` from JSON: the figures as formatted text, the charts as
SVG (`reports/charts.py`), the definitions as written on the page. Nothing from the register is
read as markup.
"""

import dataclasses
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from boligvei.cases.funnel import Stage
from boligvei.core.documents import TypstLayout
from boligvei.reports import charts, selectors
from boligvei.reports.definitions import AS_OF, FIGURES, FILTER_SCOPE, stage_definitions
from boligvei.reports.selectors import Dashboard, ReportFilter
from boligvei.reports.tables import NUMERIC_KINDS, format_cell, format_number, report_tables

LAYOUT = TypstLayout(Path(__file__).resolve().parent / "typst" / "annual.typ")


def report_charts(d: Dashboard, *, prefix: str = "chart") -> dict[str, str]:
    """The charts for a report, as SVG markup (every label escaped by `charts`)."""
    years = d.purchases.years
    waiting = d.waiting.points
    return {
        "purchases": charts.bar_chart(
            id_prefix=f"{prefix}-purchases", title=_("Kjøp per år"),
            description=_("Stolper per år: husstander som kjøpte boligen de leide, og som kjøpte en annen bolig. "
                          "Tallene står i tabellen under."),
            categories=[str(y.year) for y in years],
            series=[(_("Kjøpte boligen de leide"), [y.rented for y in years]),
                    (_("Kjøpte en annen bolig"), [y.other for y in years])], y_label=_("Kjøp")),
        "funnel": charts.funnel_chart(
            id_prefix=f"{prefix}-funnel", title=_("Trakten: saker åpnet i perioden"),
            description=_("Hvor mange av sakene som nådde hvert trinn. Tallene står i tabellen under."),
            stages=[(stage.label, count) for stage, count in zip(Stage, d.funnel.total.counts, strict=True)]),
        "duration": charts.bar_chart(
            id_prefix=f"{prefix}-duration", title=_("Tid fra invitasjon til kjøp"),
            description=_("Antall kjøp etter hvor lang tid det gikk fra saken ble åpnet til overtakelsen."),
            categories=[label for label, __ in d.duration.buckets],
            series=[(_("Kjøp"), [n for __, n in d.duration.buckets])], y_label=_("Kjøp")),
        "waiting": charts.line_chart(
            id_prefix=f"{prefix}-waiting", title=_("Husstander på venteliste"),
            description=_("Ventelistens lengde ved utgangen av %(step)s. Tallene står i tabellen under.") % {"step": d.waiting.each_step},
            x_labels=[point.day.strftime("%m.%Y") for point in waiting],
            series=[(_("Husstander på venteliste"), [point.waiting for point in waiting])], y_label=_("Husstander")),
    }


def _table_data(table) -> dict:
    return {
        "title": table.title,
        "columns": [column.label for column in table.columns],
        "numeric": [column.kind in NUMERIC_KINDS for column in table.columns],
        "rows": [[format_cell(value, column.kind) for value, column in zip(row, table.columns, strict=True)]
                 for row in table.rows],
        "footer": ([format_cell(value, column.kind) for value, column in zip(table.footer, table.columns, strict=True)]
                   if table.footer else None),
    }


def _key_figures(year: int, d: Dashboard, year_funnel, year_duration) -> list[list[str]]:
    this = next((y for y in d.purchases.years if y.year == year), None)
    turnover = next((y for y in d.turnover.years if y.year == year), None)
    points = {point.day: point.waiting for point in d.waiting.points}
    year_end = min(dt.date(year, 12, 31), d.filter.as_of)
    before = [day for day in points if day <= dt.date(year - 1, 12, 31)]
    rows = [
        [f"Kjøp i {year}", f"{this.total if this else 0} ({this.rented if this else 0} kjøpte boligen de leide, "
                           f"{this.other if this else 0} en annen bolig)"],
        ["Kjøp siden programmet startet", format_number(d.purchases.total.cumulative)],
        [f"Startlån bak kjøpene i {year}", format_cell(this.startlan if this else 0, "kr")],
        [f"Saker åpnet i {year}", format_number(year_funnel.total.invited)],
        [f"Boliger frigjort ved kjøp i {year} / leid ut igjen fra ventelisten",
         f"{turnover.freed_by_purchase if turnover else 0} / {turnover.relet_from_waiting_list if turnover else 0}"],
        [f"Nyinnflyttede husstander i {year} (KOSTRA)", format_number(turnover.newly_housed if turnover else 0)],
        [f"Husstander på venteliste {year_end:%d.%m.%Y}", format_number(d.waiting.waiting_now)],
    ]
    if before:
        rows.append([f"Husstander på venteliste {max(before):%d.%m.%Y}", format_number(points[max(before)])])
    if year_duration.median_days is not None:
        rows.append([f"Median tid fra invitasjon til kjøp, kjøp i {year}",
                     f"{format_number(year_duration.median_months, 1)} måneder"])
    return rows


def annual_report_pdf(*, year: int, report_filter: ReportFilter, by_caseworker: bool, summary: str) -> bytes:
    """The yearly report: the programme from its start to the end of `year` (or today), with
    that year's figures first."""
    d = selectors.dashboard(report_filter, by_caseworker=by_caseworker)
    year_filter = dataclasses.replace(report_filter, start=max(report_filter.start, dt.date(year, 1, 1)))
    year_funnel = selectors.funnel(year_filter, by_caseworker=False)
    year_duration = selectors.time_to_purchase(year_filter)
    tables = report_tables(d)
    figures = report_charts(d, prefix="pdf")
    data = {
        "title": f"Leie til eie: programrapport {year}",
        "municipality": settings.MUNICIPALITY_NAME,
        "unit": settings.HOUSING_OFFICE_NAME,
        "year": year,
        "made": timezone.localdate().strftime("%d.%m.%Y"),
        "summary": summary,
        "as_of_text": str(AS_OF),
        "filter_scope": str(FILTER_SCOPE),
        "key_figures": _key_figures(year, d, year_funnel, year_duration),
        "sections": [
            {"title": "Kjøp", "chart": figures["purchases"], "tables": [_table_data(tables["kjop"])]},
            {"title": "Fra invitasjon til kjøp", "chart": figures["funnel"],
             "tables": [_table_data(tables[slug]) for slug in ("trakt", "trakt-ar", "trakt-kanal",
                                                               "trakt-saksbehandler") if slug in tables]},
            {"title": "Tid fra invitasjon til kjøp", "chart": figures["duration"], "tables": [_table_data(tables["tid"])]},
            {"title": "Fra finansieringsbevis til kjøp", "chart": None,
             "tables": [_table_data(tables["finansieringsbevis"])]},
            {"title": "Oppfølging etter kjøp", "chart": None, "tables": [_table_data(tables["oppfolging"])]},
            {"title": "Gjennomstrømning i de kommunale boligene", "chart": None,
             "tables": [_table_data(tables["gjennomstromning"])]},
            {"title": "Ventelisten", "chart": figures["waiting"], "tables": [_table_data(tables["venteliste-ar"])]},
        ],
        "definitions": [[str(term), str(text)] for term, text in (*stage_definitions(), *FIGURES)],
    }
    stamp = int(dt.datetime.combine(report_filter.as_of, dt.time(12), tzinfo=dt.UTC).timestamp())
    return LAYOUT.pdf(data, timestamp=stamp)
