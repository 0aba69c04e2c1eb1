"""The programme's figures, as of any date: purchases, the funnel, the follow-up after the purchase,
turnover and the waiting list.

Every figure is computed by database aggregates from records that are not changed afterwards:
the case history (`CaseMilestone`, derived from the case events), purchases, the dates on
tenancies, dwellings and waiting-list entries. "As of D" counts only what was recorded by the
end of day D, so a figure asked for again later gives the same answer. The queries per figure
are fixed whatever the size of the register (tests count them); Python only arranges the
grouped rows for the page.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Case as CaseWhen
from django.db.models import (
    BooleanField, Count, DateField, DurationField, Exists, ExpressionWrapper, F, Min, OuterRef, Q, Subquery, Sum, Value, When,
)
from django.db.models.functions import ExtractYear, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.cases.funnel import Stage
from boligvei.cases.models import (
    Case, CaseMilestone, Channel, FinancingCertificate, PaymentTrouble, Purchase, PurchaseFollowUp,
)
from boligvei.core.models import User
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy, WaitingListEntry, WaitingListStatus

PROGRAMME_START = dt.date(2012, 3, 1)  # the demo's first letters; a real start comes from the first case
EPOCH = dt.date(2000, 1, 1)  # waiting days are summed as days since this date
MAX_POINTS = 72  # points on the waiting-list line: month-ends, else quarter-ends, else year-ends


@dataclass(frozen=True)
class ReportFilter:
    """What the programme leader asks about: a period, the date the answer is as of, and the
    cases to include (area, referral channel, caseworker)."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    area: str = ""
    channel: str = ""
    caseworker_id: int | None = None

    @property
    def last_day(self) -> dt.date:
        """The period's last day that can have happened by the as-of date."""
        return min(self.end, self.as_of)

    @property
    def cutoff(self) -> dt.datetime:
        """The first moment after the as-of day: what was recorded before it counts."""
        return _start_of(self.as_of + dt.timedelta(days=1))

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.last_day.year + 1)) if self.start <= self.last_day else []

    @property
    def case_filtered(self) -> bool:
        return bool(self.channel or self.caseworker_id)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def programme_start() -> dt.date:
    """The day the first case was opened (or the demo programme's start, with no cases yet)."""
    first = CaseMilestone.objects.filter(stage=Stage.INVITED).aggregate(first=Min("at"))["first"]
    return timezone.localdate(first) if first else PROGRAMME_START


# --- purchases -----------------------------------------------------------------------------------

@dataclass
class PurchaseYear:
    year: int
    rented: int = 0  # bought the dwelling the household rented
    other: int = 0  # bought another home (the municipal dwelling was freed)
    cumulative: int = 0  # since the programme started, whatever the period
    price: int = 0
    startlan: int = 0
    bank_loan: int = 0
    grant: int = 0
    equity: int = 0

    @property
    def total(self) -> int:
        return self.rented + self.other


@dataclass
class PurchaseReport:
    years: list[PurchaseYear]
    total: PurchaseYear


def _of_cases(rows, f: ReportFilter, *, stage: Stage):
    """Rows of a case (purchases, certificates, follow-ups) in the filter's area and channel, and
    of the caseworker who had the case when it reached `stage`."""
    if f.area:
        rows = rows.filter(case__area=f.area)
    if f.channel:
        rows = rows.filter(case__channel=f.channel)
    if f.caseworker_id:
        rows = rows.filter(Exists(CaseMilestone.objects.filter(
            case_id=OuterRef("case_id"), stage=stage, caseworker_id=f.caseworker_id)))
    return rows


def _purchases(f: ReportFilter):
    """Purchases completed by the as-of date and registered by then, for the cases filtered."""
    rows = Purchase.objects.filter(completed_on__lte=f.last_day, created_at__lt=f.cutoff)
    return _of_cases(rows, f, stage=Stage.PURCHASED)


AMOUNTS = ("price", "startlan", "bank_loan", "grant", "equity")


@dataclass(frozen=True)
class PurchaseRow:
    """One purchase as the figures need it: the purchases, the time to purchase and what the
    purchases freed are all counted from these rows (one a purchase, a few thousand at most)."""

    completed_on: dt.date
    bought_rented_dwelling: bool
    price: int
    startlan: int
    bank_loan: int
    grant: int
    equity: int
    days_from_opening: int
    freed: bool  # freed a municipal dwelling (in the area filtered, if one is)
    relet_on: dt.date | None  # the freed dwelling's first letting from the waiting list, by the period's end
    relet_by_as_of: bool  # let again by the as-of date


def purchase_rows(f: ReportFilter) -> list[PurchaseRow]:
    """The purchases completed and registered by the as-of date, for the cases filtered: one query."""
    rows = _purchases(f)
    first_relet = Subquery(WaitingListEntry.objects.filter(
        status=WaitingListStatus.ALLOCATED, allocated_dwelling_id=OuterRef("freed_dwelling_id"),
        status_date__gte=OuterRef("completed_on"), status_date__lte=f.last_day,
    ).order_by("status_date", "id").values("status_date")[:1], output_field=DateField())
    relet_by_now = WaitingListEntry.objects.filter(
        status=WaitingListStatus.ALLOCATED, status_date__lte=f.as_of, allocated_dwelling_id=OuterRef("freed_dwelling_id"),
        status_date__gte=OuterRef("completed_on"))
    freed = Q(freed_dwelling__isnull=False) & (Q(freed_dwelling__area=f.area) if f.area else Q())
    values = rows.annotate(
        duration=ExpressionWrapper(F("completed_on") - TruncDate("case__created_at"), output_field=DurationField()),
        freed=ExpressionWrapper(freed, output_field=BooleanField()),
        relet_on=first_relet, relet=Exists(relet_by_now),
    ).values_list("completed_on", "bought_rented_dwelling", *AMOUNTS, "duration", "freed", "relet_on", "relet")
    return [PurchaseRow(completed_on, bought_rented, *(amount or 0 for amount in amounts),
                        days_from_opening=_duration_days(duration), freed=bool(is_freed), relet_on=relet_on,
                        relet_by_as_of=bool(relet))
            for completed_on, bought_rented, *amounts, duration, is_freed, relet_on, relet in values.order_by()]


def purchases_by_year(f: ReportFilter, rows: list[PurchaseRow] | None = None) -> PurchaseReport:
    """Purchases per year of completion within the period, split by which home was bought, with
    the financing behind them; the cumulative count runs from the programme's start."""
    rows = purchase_rows(f) if rows is None else rows
    by_year: dict[int, PurchaseYear] = {}
    all_by_year: dict[int, int] = {}
    for row in rows:
        year = row.completed_on.year
        all_by_year[year] = all_by_year.get(year, 0) + 1
        target = by_year.setdefault(year, PurchaseYear(year=year))
        if row.completed_on < f.start:
            continue
        if row.bought_rented_dwelling:
            target.rented += 1
        else:
            target.other += 1
        for name in AMOUNTS:
            setattr(target, name, getattr(target, name) + getattr(row, name))
    years, running = [], 0
    for year in sorted(set(all_by_year) | set(f.years)):
        running += all_by_year.get(year, 0)
        if year in f.years:
            row = by_year.get(year) or PurchaseYear(year=year)
            row.cumulative = running
            years.append(row)
    total = PurchaseYear(year=0, cumulative=running)
    for row in years:
        total.rented += row.rented
        total.other += row.other
        for name in AMOUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return PurchaseReport(years=years, total=total)


# --- the funnel ----------------------------------------------------------------------------------

STAGES = list(Stage)


@dataclass
class FunnelRow:
    label: str
    counts: list[int] = field(default_factory=lambda: [0] * len(STAGES))

    @property
    def shares(self) -> list[float | None]:
        """Each stage as a share of the first (invited)."""
        first = self.counts[0]
        return [count / first if first else None for count in self.counts]

    @property
    def conversions(self) -> list[float | None]:
        """Each stage as a share of the stage before it (the first has none)."""
        return [None] + [later / earlier if earlier else None
                         for earlier, later in zip(self.counts, self.counts[1:], strict=False)]

    @property
    def invited(self) -> int:
        return self.counts[0]

    @property
    def purchased(self) -> int:
        return self.counts[-1]


@dataclass
class FunnelReport:
    total: FunnelRow
    by_year: list[FunnelRow]
    by_channel: list[FunnelRow]
    by_caseworker: list[FunnelRow]


def _cohort_milestones(f: ReportFilter):
    """Stages reached by the as-of date, of the cases opened in the period (the cohort)."""
    opened_before = min(_start_of(f.end + dt.timedelta(days=1)), f.cutoff)
    rows = CaseMilestone.objects.filter(at__lt=f.cutoff, case__created_at__gte=_start_of(f.start),
                                        case__created_at__lt=opened_before)
    if f.area:
        rows = rows.filter(case__area=f.area)
    if f.channel:
        rows = rows.filter(case__channel=f.channel)
    if f.caseworker_id:
        rows = rows.filter(caseworker_id=f.caseworker_id)
    return rows


def _funnel_rows(counts: dict, labels: dict, *, by_key: bool = False) -> list[FunnelRow]:
    rows = {key: FunnelRow(label=labels.get(key, str(key)), counts=stages) for key, stages in counts.items()}
    return [rows[key] for key in sorted(rows, key=lambda k: k if by_key else labels.get(k, str(k)))]


def _funnel_counts(milestones, *, by_caseworker: bool, years: list[int] = ()):
    """(table, stage, key, count, caseworker's names) for the four funnel tables, from one pass over
    the milestones (stage, year opened, channel, caseworker id, username, first and last name).
    PostgreSQL counts the four groupings at once (GROUPING SETS); elsewhere the milestones are
    counted per stage, year, channel and caseworker together and the tables summed from those."""
    columns = "m_stage, m_year, m_channel, m_worker, m_username, m_first_name, m_last_name"
    if connection.vendor == "postgresql":
        # The year opened from a join to the years' first moments rather than EXTRACT: PostgreSQL
        # knows how many years a VALUES list holds, so it hashes the grouping by year instead of
        # sorting every milestone for it (it cannot estimate the groups of an expression).
        if not years:
            return  # a period that ends before it starts has no cohort
        sql, params = milestones.query.sql_with_params()
        bounds = ", ".join(["(%s, %s, %s)"] * len(years))
        sql = (f"SELECT m.*, y.year AS m_year FROM ({sql}) AS m JOIN (VALUES {bounds}) AS y (year, first, next) "
               "ON m.m_opened >= y.first AND m.m_opened < y.next")
        params = (*params, *(value for year in years
                             for value in (year, _start_of(dt.date(year, 1, 1)), _start_of(dt.date(year + 1, 1, 1)))))
    else:
        sql, params = milestones.query.sql_with_params()
    # The caseworkers' grouping is counted whether asked for or not (a few hundred rows): GROUPING()
    # takes only columns that some grouping set has.
    worker_set = ", (m_stage, m_worker, m_username, m_first_name, m_last_name)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns}, COUNT(*), GROUPING(m_year, m_channel, m_worker) FROM ({sql}) AS m "
                           f"GROUP BY GROUPING SETS ((m_stage), (m_stage, m_year), (m_stage, m_channel){worker_set})",
                           params)
            table_of = {0b111: "total", 0b011: "year", 0b101: "channel", 0b110: "worker"}
            for stage, year, channel, worker, username, first_name, last_name, n, grouping in cursor.fetchall():
                table = table_of[grouping]
                if table == "worker" and not by_caseworker:
                    continue
                key = {"total": None, "year": None if year is None else int(year), "channel": channel,
                       "worker": worker}[table]
                yield table, stage, key, n, (username, first_name, last_name)
            return
        cursor.execute(f"SELECT {columns}, COUNT(*) FROM ({sql}) AS m GROUP BY {columns}", params)
        for stage, year, channel, worker, username, first_name, last_name, n in cursor.fetchall():
            yield "total", stage, None, n, None
            yield "year", stage, None if year is None else int(year), n, None
            yield "channel", stage, channel, n, None
            if by_caseworker:
                yield "worker", stage, worker, n, (username, first_name, last_name)


def funnel(f: ReportFilter, *, by_caseworker: bool = True) -> FunnelReport:
    """The funnel for the cases opened in the period: how many reached each stage by the as-of
    date, in all and per year opened, referral channel and caseworker (the caseworker who had the
    case when it reached the stage).

    One pass over the cohort's milestones (`_funnel_counts`): the milestones are joined to their
    cases, and the caseworkers' names, once for the four tables, not once per table."""
    # PostgreSQL takes the year opened from the time opened (`_funnel_counts`), elsewhere EXTRACT.
    opened = ({"m_opened": F("case__created_at")} if connection.vendor == "postgresql"
              else {"m_year": ExtractYear("case__created_at")})
    milestones = _cohort_milestones(f).values(
        m_stage=F("stage"), m_channel=F("case__channel"),
        m_worker=F("caseworker_id"), m_username=F("caseworker__username"),
        m_first_name=F("caseworker__first_name"), m_last_name=F("caseworker__last_name"), **opened).order_by()
    total = FunnelRow(label=str(_("Alle")))
    tables: dict[str, dict] = {"year": {}, "channel": {}, "worker": {}}
    names: dict[int, str] = {}
    for table, stage, key, n, worker_names in _funnel_counts(milestones, by_caseworker=by_caseworker, years=f.years):
        if table == "total":
            total.counts[stage - 1] += n
            continue
        tables[table].setdefault(key, [0] * len(STAGES))[stage - 1] += n
        if table == "worker" and key is not None and key not in names:
            username, first_name, last_name = worker_names
            names[key] = str(User(username=username, first_name=first_name, last_name=last_name))
    by_year = _funnel_rows(tables["year"], {}, by_key=True)
    by_channel = _funnel_rows(tables["channel"], dict(Channel.choices))
    workers = _funnel_rows(tables["worker"], names) if by_caseworker else []
    return FunnelReport(total=total, by_year=by_year, by_channel=by_channel, by_caseworker=workers)


# --- time from invitation to purchase ------------------------------------------------------------

# Buckets of months from the case's opening to the purchase (upper bounds, in days).
DURATION_BUCKETS = [
    (_("Under 6 måneder"), 183), (_("6–12 måneder"), 365), (_("1–1,5 år"), 548), (_("1,5–2 år"), 730),
    (_("2–3 år"), 1096), (_("3 år eller mer"), None),
]


@dataclass
class DurationReport:
    count: int
    buckets: list[tuple[str, int]]
    median_days: float | None
    shortest_days: int | None
    longest_days: int | None

    @property
    def median_months(self) -> float | None:
        return None if self.median_days is None else self.median_days / (365.25 / 12)


def time_to_purchase(f: ReportFilter, rows: list[PurchaseRow] | None = None) -> DurationReport:
    """Days from the case was opened (invitation or referral) to the purchase's completion, for
    purchases completed in the period: distribution, median, shortest and longest."""
    rows = purchase_rows(f) if rows is None else rows
    days = sorted(row.days_from_opening for row in rows if row.completed_on >= f.start)
    buckets, lower = [], None
    for label, upper in DURATION_BUCKETS:
        buckets.append((str(label), sum(1 for d in days if (lower is None or d >= lower) and (upper is None or d < upper))))
        lower = upper
    return DurationReport(count=len(days), buckets=buckets, median_days=_median(days),
                          shortest_days=days[0] if days else None, longest_days=days[-1] if days else None)


def _duration_days(duration) -> int:
    """Whole days from a date difference: a timedelta (PostgreSQL) or microseconds (SQLite)."""
    if isinstance(duration, dt.timedelta):
        return duration.days
    return int(duration) // 86_400_000_000


# --- financing certificates ------------------------------------------------------------------------

BOUGHT_SOON_DAYS = 122  # about four months: Husbanken's measure of buying soon after the certificate


@dataclass
class CertificateYear:
    year: int
    issued: int = 0
    bought: int = 0  # bought by the as-of date (a purchase completed on or after the issue)
    bought_soon: int = 0  # of those, within about four months
    median_days: float | None = None  # from certificate to purchase, for those who bought

    @property
    def share_bought(self) -> float | None:
        return self.bought / self.issued if self.issued else None

    @property
    def share_bought_soon(self) -> float | None:
        return self.bought_soon / self.issued if self.issued else None

    @property
    def not_bought(self) -> int:
        return self.issued - self.bought


def _median(values: list[int]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = ordered[(len(ordered) - 1) // 2: len(ordered) // 2 + 1]
    return sum(middle) / len(middle)


def certificate_conversion(f: ReportFilter) -> list[CertificateYear]:
    """Financing certificates issued per year in the period (recorded by the as-of date): how
    many households had bought by the as-of date, how many within about four months, and the
    median days from certificate to purchase. One query whatever the number of certificates: each
    certificate's year and the completion of the purchase it led to (a few thousand rows at most)."""
    rows = FinancingCertificate.objects.filter(issued_on__gte=f.start, issued_on__lte=f.last_day,
                                               created_at__lt=f.cutoff)
    rows = _of_cases(rows, f, stage=Stage.APPROVED)
    bought = Q(case__purchase__completed_on__gte=F("issued_on"), case__purchase__completed_on__lte=f.last_day,
               case__purchase__created_at__lt=f.cutoff)
    bought_on = CaseWhen(When(bought, then=F("case__purchase__completed_on")), default=None,
                         output_field=DateField())
    years: dict[int, CertificateYear] = {}
    days: dict[int, list[int]] = {}
    for year, issued_on, completed_on in (rows.annotate(year=ExtractYear("issued_on"), bought_on=bought_on)
                                          .values_list("year", "issued_on", "bought_on").order_by()):
        target = years.setdefault(year, CertificateYear(year=year))
        target.issued += 1
        if completed_on is not None:
            target.bought += 1
            days.setdefault(year, []).append((completed_on - issued_on).days)
    for year, values in days.items():
        years[year].median_days = _median(values)
        years[year].bought_soon = sum(1 for value in values if value <= BOUGHT_SOON_DAYS)
    return [years[year] for year in sorted(years)]


# --- follow-up after the purchase -----------------------------------------------------------------

@dataclass
class FollowUpYear:
    """The follow-ups after a purchase that fell due in a year (or in the whole period), as of
    the report's date: planned, done, overdue (due before the as-of date and not done by it), and
    the households followed up, of which those with payment trouble found."""

    label: str
    planned: int = 0
    done: int = 0
    overdue: int = 0
    households_followed_up: int = 0
    households_with_trouble: int = 0

    @property
    def share_with_trouble(self) -> float | None:
        return self.households_with_trouble / self.households_followed_up if self.households_followed_up else None


@dataclass
class FollowUpReport:
    years: list[FollowUpYear]
    total: FollowUpYear


def follow_ups_after_purchase(f: ReportFilter) -> FollowUpReport:
    """Follow-ups after the purchase due in the period, grouped by the year they fell due: two
    queries whatever their number (per year, and the period's distinct households)."""
    rows = PurchaseFollowUp.objects.filter(due_on__gte=f.start, due_on__lte=f.end, created_at__lt=f.cutoff)
    rows = _of_cases(rows, f, stage=Stage.PURCHASED)
    done = Q(done_on__isnull=False, done_on__lte=f.as_of, recorded_at__lt=f.cutoff)
    trouble = done & ~Q(payment_trouble=PaymentTrouble.NONE)
    figures = {
        "planned": Count("id"), "done": Count("id", filter=done),
        "overdue": Count("id", filter=Q(due_on__lt=f.as_of) & ~done),
        "households_followed_up": Count("case_id", filter=done, distinct=True),
        "households_with_trouble": Count("case_id", filter=trouble, distinct=True),
    }
    years = [FollowUpYear(label=str(row.pop("year")), **row)
             for row in rows.annotate(year=ExtractYear("due_on")).values("year").annotate(**figures).order_by("year")]
    return FollowUpReport(years=years, total=FollowUpYear(label=str(_("Sum perioden")), **rows.aggregate(**figures)))


# --- turnover ------------------------------------------------------------------------------------

@dataclass
class TurnoverYear:
    year: int
    freed_by_purchase: int = 0  # bought another home: the municipal dwelling was freed
    sold_to_tenant: int = 0  # bought the dwelling it rented: it left the stock
    relet_from_waiting_list: int = 0  # freed dwellings let again to a household from the waiting list
    newly_housed: int = 0  # KOSTRA: allocated a dwelling, not living in municipal housing when applying
    dwellings_sold: int = 0
    dwellings_acquired: int = 0
    acquisition_amount: int = 0
    stock_at_year_end: int = 0

    @property
    def newly_housed_per_100(self) -> float | None:
        return 100 * self.newly_housed / self.stock_at_year_end if self.stock_at_year_end else None


@dataclass
class TurnoverReport:
    years: list[TurnoverYear]
    freed_waiting: int  # freed by a purchase by the as-of date, not let again by then


def _year_end(year: int, f: ReportFilter) -> dt.date:
    return min(dt.date(year, 12, 31), f.last_day)


def _in_period(field_name: str, f: ReportFilter) -> Q:
    return Q(**{f"{field_name}__gte": f.start, f"{field_name}__lte": f.last_day})


def turnover(f: ReportFilter, purchases: PurchaseReport | None = None,
             rows: list[PurchaseRow] | None = None) -> TurnoverReport:
    """What the purchases freed and how the stock turned over, per year of the period. The area
    filter applies to every figure (the dwelling's area); channel and caseworker only to those
    that come from purchases."""
    rows = purchase_rows(f) if rows is None else rows
    purchases = purchases or purchases_by_year(f, rows)
    years = {row.year: TurnoverYear(year=row.year, freed_by_purchase=row.other, sold_to_tenant=row.rented)
             for row in purchases.years}
    # Each freed dwelling's first letting from the waiting list after the purchase, and whether it
    # was let again by the as-of date.
    freed_waiting = 0
    for row in rows:
        if not row.freed:
            continue
        if row.relet_on is not None and row.relet_on >= f.start:
            years[row.relet_on.year].relet_from_waiting_list += 1
        freed_waiting += not row.relet_by_as_of

    lived_in_municipal_housing = Tenancy.objects.filter(
        household_id=OuterRef("household_id"), start_date__lte=OuterRef("application_date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("application_date")))
    housed = WaitingListEntry.objects.filter(_in_period("status_date", f), status=WaitingListStatus.ALLOCATED).filter(
        ~Exists(lived_in_municipal_housing))
    if f.area:
        housed = housed.filter(allocated_dwelling__area=f.area)
    for row in housed.annotate(year=ExtractYear("status_date")).values("year").annotate(n=Count("id")).order_by():
        years[row["year"]].newly_housed = row["n"]

    _dwelling_years(f, years)
    return TurnoverReport(years=[years[year] for year in sorted(years)], freed_waiting=freed_waiting)


def _dwelling_years(f: ReportFilter, years: dict[int, TurnoverYear]) -> None:
    """Dwellings sold and acquired per year of the period, and the stock at each year's end (the
    last day of the period for its last year), from one grouped query: the dwellings counted by
    the years they were acquired and sold, whether that was before the period or after its last
    day, and whether they were disposed of. A few hundred groups, whatever the stock."""
    dwellings = Dwelling.objects.filter(area=f.area) if f.area else Dwelling.objects.all()

    def flag(condition: Q) -> ExpressionWrapper:
        return ExpressionWrapper(condition, output_field=BooleanField())

    groups = (dwellings.values_list(
        ExtractYear("acquired_on"), flag(Q(acquired_on__lt=f.start)), flag(Q(acquired_on__gt=f.last_day)),
        ExtractYear("sold_on"), flag(Q(sold_on__lt=f.start)), flag(Q(sold_on__gt=f.last_day)),
        flag(Q(status=DwellingStatus.DISPOSED)))
        .annotate(n=Count("id"), amount=Sum("acquisition_price")).order_by())
    last_year = f.last_day.year
    for acquired, acquired_early, acquired_late, sold, sold_early, sold_late, disposed, n, amount in groups:
        if sold is not None and not sold_early and not sold_late:
            years[sold].dwellings_sold += n
        if acquired is not None and not acquired_early and not acquired_late:
            years[acquired].dwellings_acquired += n
            years[acquired].acquisition_amount += amount or 0
        if disposed:
            continue
        for year, row in years.items():
            # On or before the year's end: by its year, and in the last year by the last day.
            acquired_by = acquired is None or (acquired <= year and (year < last_year or not acquired_late))
            sold_by = sold is not None and sold <= year and (year < last_year or not sold_late)
            if acquired_by and not sold_by:
                row.stock_at_year_end += n


# --- the waiting list ----------------------------------------------------------------------------

@dataclass
class WaitingPoint:
    day: dt.date
    waiting: int
    average_days: float | None


@dataclass
class WaitingYear:
    year: int
    applications: int = 0
    housed: int = 0  # allocated a dwelling
    withdrawn: int = 0
    rejected: int = 0


@dataclass
class WaitingListReport:
    points: list[WaitingPoint]
    step: str  # "måned", "kvartal" or "år"
    years: list[WaitingYear]
    waiting_now: int
    median_days_now: float | None

    @property
    def each_step(self) -> str:
        """«hver måned», «hvert kvartal», «hvert år»: the determiner agrees with the noun's gender."""
        return ("hver " if self.step == "måned" else "hvert ") + self.step


def _period_ends(f: ReportFilter) -> tuple[list[dt.date], str]:
    def month_ends(step: int) -> list[dt.date]:
        days, year, month = [], f.start.year, f.start.month
        while True:
            following = dt.date(year + (month // 12), month % 12 + 1, 1)
            last = following - dt.timedelta(days=1)
            if last >= f.last_day:
                days.append(f.last_day)
                return days
            if (month % step) == 0:
                days.append(last)
            year, month = following.year, following.month

    for step, name in ((1, "måned"), (3, "kvartal"), (12, "år")):
        days = month_ends(step)
        if len(days) <= MAX_POINTS:
            return days, name
    return days, "år"


def _waiting_on(day: dt.date) -> Q:
    """Applied by the day and not yet allocated, withdrawn or rejected then."""
    return Q(application_date__lte=day) & (Q(status=WaitingListStatus.WAITING) | Q(status_date__isnull=True)
                                           | Q(status_date__gt=day))


def _running_totals(rows: list[tuple[dt.date, int, int]]):
    """From (day, count, sum of days) rows: a function giving the totals of the rows up to a day."""
    days, counts, sums, count, total = [], [], [], 0, 0
    for day, n, days_sum in sorted(rows):
        count, total = count + n, total + days_sum
        days.append(day)
        counts.append(count)
        sums.append(total)

    def up_to(day: dt.date) -> tuple[int, int]:
        i = bisect.bisect_right(days, day)
        return (counts[i - 1], sums[i - 1]) if i else (0, 0)
    return up_to


def waiting_list(f: ReportFilter) -> WaitingListReport:
    """The waiting list over the period (KOSTRA: households with an application for a municipal
    dwelling that wait for one): its length and average waiting time at each month-end (quarter-
    or year-end for long periods), and per year the applications, allocations and other exits.

    Two grouped queries instead of a count per point: the applications per day, and the exits
    (allocated, withdrawn, rejected) per day they left the list. An entry waits on a day D if it
    applied by D and had not left by D, so the list on D is the applications up to D less the
    exits up to D (an exit counts from the later of its application and its status date), and the
    days waited sum to D × that count less the application days of those waiting. The applications
    per day also count those still waiting on the as-of date, for the median waiting time then."""
    entries = WaitingListEntry.objects.all()
    since_epoch = ExpressionWrapper(F("application_date") - Value(EPOCH, output_field=DateField()),
                                    output_field=DurationField())
    per_day = list(entries.values_list("application_date")
                   .annotate(n=Count("id"), waiting_now=Count("id", filter=_waiting_on(f.as_of))).order_by())
    applied = [(day, n, n * (day - EPOCH).days) for day, n, _ in per_day]
    exits = list(entries.exclude(status=WaitingListStatus.WAITING).filter(status_date__isnull=False)
                 .values_list(Greatest("application_date", "status_date"), "status_date", "status")
                 .annotate(n=Count("id"), days=Sum(since_epoch)).order_by())
    applied_by = _running_totals(applied)
    left_by = _running_totals([(left, n, _duration_days(days)) for left, _, _, n, days in exits])

    def waiting_on(day: dt.date) -> tuple[int, int]:
        (applications, applied_days), (gone, gone_days) = applied_by(day), left_by(day)
        waiting = applications - gone
        return waiting, waiting * (day - EPOCH).days - (applied_days - gone_days)

    days, step = _period_ends(f) if f.start <= f.last_day else ([], "måned")
    points = []
    for day in days:
        waiting, waited = waiting_on(day)
        points.append(WaitingPoint(day=day, waiting=waiting, average_days=waited / waiting if waiting else None))

    years = {year: WaitingYear(year=year) for year in f.years}
    for day, n, _gone in applied:
        if f.start <= day <= f.last_day:
            years[day.year].applications += n
    names = {WaitingListStatus.ALLOCATED: "housed", WaitingListStatus.WITHDRAWN: "withdrawn",
             WaitingListStatus.REJECTED: "rejected"}
    for _applied, status_date, status, n, _gone in exits:
        if f.start <= status_date <= f.last_day and status in names:
            target = years[status_date.year]
            setattr(target, names[status], getattr(target, names[status]) + n)

    # The median waiting time on the as-of date, from those waiting then per application day.
    waiting_days = sorted(((day, n) for day, _, n in per_day if n), reverse=True)
    count = sum(n for _, n in waiting_days)
    median = None
    if count:
        middle, seen = [], 0
        for day, n in waiting_days:  # the latest applications first, as the list is read
            middle += [day] * max(0, min(seen + n, count // 2 + 1) - max(seen, (count - 1) // 2))
            seen += n
        median = sum((f.as_of - day).days for day in middle) / len(middle)
    return WaitingListReport(points=points, step=step, years=[years[y] for y in sorted(years)],
                             waiting_now=count, median_days_now=median)


def _days_float(duration) -> float | None:
    if duration is None:
        return None
    if isinstance(duration, dt.timedelta):
        return duration.total_seconds() / 86400
    return float(duration) / 86_400_000_000  # microseconds, where a backend returns the raw number


def filter_choices() -> dict:
    """The areas and caseworkers that occur in the cases, for the filter form, and the day the
    programme started (`programme_start`): the caseworkers and the first invitation come from one
    grouped read of the milestones."""
    workers = (CaseMilestone.objects.values_list("caseworker_id", "caseworker__username", "caseworker__first_name",
                                                 "caseworker__last_name")
               .annotate(first=Min("at", filter=Q(stage=Stage.INVITED)))
               .order_by("caseworker__first_name", "caseworker__last_name", "caseworker__username"))
    caseworkers, firsts = [], []
    for pk, username, first_name, last_name, first in workers:
        if pk is not None:
            caseworkers.append(User(pk=pk, username=username, first_name=first_name, last_name=last_name))
        if first is not None:
            firsts.append(first)
    return {
        "areas": list(Case.objects.exclude(area="").order_by("area").values_list("area", flat=True).distinct()),
        "caseworkers": caseworkers,
        "programme_start": timezone.localdate(min(firsts)) if firsts else PROGRAMME_START,
    }


class Dashboard:
    """Every figure of the report page (and the yearly report) for one filter. Each figure is
    computed the first time it is asked for, so a download of one table costs only its own."""

    def __init__(self, f: ReportFilter, *, by_caseworker: bool):
        self.filter = f
        self.by_caseworker = by_caseworker

    @cached_property
    def purchase_rows(self) -> list[PurchaseRow]:
        return purchase_rows(self.filter)

    @cached_property
    def purchases(self) -> PurchaseReport:
        return purchases_by_year(self.filter, self.purchase_rows)

    @cached_property
    def funnel(self) -> FunnelReport:
        return funnel(self.filter, by_caseworker=self.by_caseworker)

    @cached_property
    def duration(self) -> DurationReport:
        return time_to_purchase(self.filter, self.purchase_rows)

    @cached_property
    def turnover(self) -> TurnoverReport:
        return turnover(self.filter, self.purchases, self.purchase_rows)

    @cached_property
    def waiting(self) -> WaitingListReport:
        return waiting_list(self.filter)

    @cached_property
    def certificates(self) -> list[CertificateYear]:
        return certificate_conversion(self.filter)

    @cached_property
    def follow_ups(self) -> FollowUpReport:
        return follow_ups_after_purchase(self.filter)

    @cached_property
    def criteria(self):
        from boligvei.reports.criteria import by_criterion  # criteria.py builds on this module's cohort
        return by_criterion(self.filter)


def dashboard(f: ReportFilter, *, by_caseworker: bool) -> Dashboard:
    return Dashboard(f, by_caseworker=by_caseworker)
