"""The programme's results: the dashboard, each table as CSV or XLSX, and the yearly report."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.audit import audit_record
from boligvei.core.views import pdf_response
from boligvei.reports import selectors
from boligvei.reports.access import may_see_caseworker_figures, reports_required
from boligvei.reports.definitions import AS_OF, FIGURES, FILTER_SCOPE, stage_definitions
from boligvei.reports.forms import ReportFilterForm
from boligvei.reports.pdf import annual_report_pdf, report_charts
from boligvei.reports.tables import AFTER_PURCHASE_TABLES, report_table, report_tables, table_csv, table_xlsx


def _filter_form(request) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, choices=selectors.filter_choices(),
                            with_caseworkers=may_see_caseworker_figures(request.user))


def _dashboard(request, form: ReportFilterForm) -> selectors.Dashboard:
    return selectors.dashboard(form.report_filter(), by_caseworker=may_see_caseworker_figures(request.user))


def filter_summary(f: selectors.ReportFilter, form: ReportFilterForm) -> str:
    """The filter in words, for titles of downloads and the printed report."""
    parts = [_("Periode %(start)s–%(end)s") % {"start": f"{f.start:%d.%m.%Y}", "end": f"{f.last_day:%d.%m.%Y}"},
             _("tall per %(date)s") % {"date": f"{f.as_of:%d.%m.%Y}"}]
    if f.area:
        parts.append(_("område %(area)s") % {"area": f.area})
    if f.channel:
        parts.append(_("kanal %(channel)s") % {"channel": dict(form.fields["channel"].choices).get(f.channel, f.channel)})
    if f.caseworker_id and "caseworker" in form.fields:
        parts.append(_("saksbehandler %(name)s") % {
            "name": dict(form.fields["caseworker"].choices).get(f.caseworker_id, "")})
    return ", ".join(str(part) for part in parts)


def _tables_for_page(tables) -> dict:
    return {slug.replace("-", "_"): table for slug, table in tables.items()}


@reports_required
def dashboard(request):
    form = _filter_form(request)
    report = _dashboard(request, form)
    tables = report_tables(report, exclude=AFTER_PURCHASE_TABLES)
    query = request.GET.urlencode()
    return render(request, "reports/dashboard.html", {
        "form": form, "report": report, "tables": _tables_for_page(tables),
        "charts": report_charts(report),
        "summary": filter_summary(report.filter, form), "query": query,
        "figures": FIGURES, "stages": stage_definitions(), "as_of_text": AS_OF, "filter_scope": FILTER_SCOPE,
        "years": list(range(report.filter.as_of.year, form.first_year - 1, -1)),
    })


@reports_required
def after_purchase(request):
    """The follow-ups after the purchase (payment trouble) and the guidelines' target group, with
    the same filter as the main page."""
    form = _filter_form(request)
    report = _dashboard(request, form)
    return render(request, "reports/after_purchase.html", {
        "form": form, "report": report, "tables": _tables_for_page(report_tables(report, AFTER_PURCHASE_TABLES)),
        "summary": filter_summary(report.filter, form), "query": request.GET.urlencode(),
        "filter_scope": FILTER_SCOPE,
    })


@reports_required
def table_export(request, slug: str, fmt: str):
    form = _filter_form(request)
    report = _dashboard(request, form)
    table = report_table(report, slug)
    if table is None:
        raise Http404(_("Ukjent tabell."))
    summary = filter_summary(report.filter, form)
    filename = f"boligvei-{slug}-{report.filter.as_of:%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(table, subtitle=summary),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_record(actor=request.user, action="report.export", changes={"table": slug, "format": fmt, "filter": summary})
    return response


@reports_required
def annual_report(request, year: int):
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise Http404(_("Det finnes ingen årsrapport for det året."))
    form = _filter_form(request)
    as_of = min(dt.date(year, 12, 31), today)
    wanted = form.report_filter()
    f = selectors.ReportFilter(start=dt.date(form.first_year, 1, 1), end=as_of, as_of=as_of,
                               area=wanted.area, channel=wanted.channel, caseworker_id=wanted.caseworker_id)
    content = annual_report_pdf(year=year, report_filter=f, by_caseworker=may_see_caseworker_figures(request.user),
                                summary=filter_summary(f, form))
    audit_record(actor=request.user, action="report.annual", changes={"year": year, "filter": filter_summary(f, form)})
    return pdf_response(content, f"boligvei-arsrapport-{year}.pdf")
