"""The programme's figures, as of any date: purchases, the funnel, turnover and the waiting list.

Every figure is computed by database aggregates from records that are not changed afterwards:
the case history (`CaseMilestone`, derived from the case events), purchases, the dates on
tenancies, dwellings and waiting-list entries. "As of D" counts only what was recorded by the
end of day D, so a figure asked for again later gives the same answer. The queries per figure
are fixed whatever the size of the register (tests count them); Python only arranges the
grouped rows for the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import (
    Avg, Count, DateField, DurationField, Exists, ExpressionWrapper, F, Max, Min, OuterRef, Q, Subquery, Sum, Value,
)
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone

from boligvei.cases.funnel import Stage
from boligvei.cases.models import Case, CaseMilestone, Channel, FinancingCertificate, Purchase
from boligvei.core.models import User
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy, WaitingListEntry, WaitingListStatus

PROGRAMME_START = dt.date(2012, 3, 1)  # the demo's first letters; a real start comes from the first case
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


def _purchases(f: ReportFilter):
    """Purchases completed by the as-of date and registered by then, for the cases filtered."""
    rows = Purchase.objects.filter(completed_on__lte=f.last_day, created_at__lt=f.cutoff)
    if f.area:
        rows = rows.filter(case__area=f.area)
    if f.channel:
        rows = rows.filter(case__channel=f.channel)
    if f.caseworker_id:
        rows = rows.filter(Exists(CaseMilestone.objects.filter(
            case_id=OuterRef("case_id"), stage=Stage.PURCHASED, caseworker_id=f.caseworker_id)))
    return rows


AMOUNTS = ("price", "startlan", "bank_loan", "grant", "equity")


def purchases_by_year(f: ReportFilter) -> PurchaseReport:
    """Purchases per year of completion within the period, split by which home was bought, with
    the financing behind them; the cumulative count runs from the programme's start."""
    in_period = Q(completed_on__gte=f.start)
    grouped = (_purchases(f).annotate(year=ExtractYear("completed_on")).values("year", "bought_rented_dwelling")
               .annotate(all=Count("id"), n=Count("id", filter=in_period),
                         **{name: Sum(name, filter=in_period) for name in AMOUNTS})
               .order_by("year"))
    by_year: dict[int, PurchaseYear] = {}
    all_by_year: dict[int, int] = {}
    for row in grouped:
        year = row["year"]
        all_by_year[year] = all_by_year.get(year, 0) + row["all"]
        target = by_year.setdefault(year, PurchaseYear(year=year))
        if row["bought_rented_dwelling"]:
            target.rented += row["n"]
        else:
            target.other += row["n"]
        for name in AMOUNTS:
            setattr(target, name, getattr(target, name) + (row[name] or 0))
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


def _funnel_rows(grouped, key: str, labels: dict) -> list[FunnelRow]:
    rows: dict = {}
    for row in grouped:
        target = rows.setdefault(row[key], FunnelRow(label=labels.get(row[key], str(row[key]))))
        target.counts[row["stage"] - 1] = row["n"]
    return [rows[key_] for key_ in sorted(rows, key=lambda k: (labels.get(k, str(k)) if key != "year" else k))]


def funnel(f: ReportFilter, *, by_caseworker: bool = True) -> FunnelReport:
    """The funnel for the cases opened in the period: how many reached each stage by the as-of
    date, in all and per year opened, referral channel and caseworker (the caseworker who had the
    case when it reached the stage)."""
    rows = _cohort_milestones(f)
    total = FunnelRow(label="Alle")
    for row in rows.values("stage").annotate(n=Count("id")):
        total.counts[row["stage"] - 1] = row["n"]
    by_year = _funnel_rows(rows.annotate(year=ExtractYear("case__created_at")).values("stage", "year")
                           .annotate(n=Count("id")).order_by(), "year", {})
    by_channel = _funnel_rows(rows.values("stage", channel=F("case__channel")).annotate(n=Count("id")).order_by(),
                              "channel", dict(Channel.choices))
    workers: list[FunnelRow] = []
    if by_caseworker:
        grouped = list(rows.values("stage", "caseworker_id").annotate(n=Count("id")).order_by())
        names = {user.pk: str(user) for user in User.objects.filter(pk__in={row["caseworker_id"] for row in grouped})}
        workers = _funnel_rows(grouped, "caseworker_id", names)
    return FunnelReport(total=total, by_year=by_year, by_channel=by_channel, by_caseworker=workers)


# --- time from invitation to purchase ------------------------------------------------------------

# Buckets of months from the case's opening to the purchase (upper bounds, in days).
DURATION_BUCKETS = [
    ("Under 6 måneder", 183), ("6–12 måneder", 365), ("1–1,5 år", 548), ("1,5–2 år", 730),
    ("2–3 år", 1096), ("3 år eller mer", None),
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


def _days(duration) -> int | None:
    return None if duration is None else duration.days


def time_to_purchase(f: ReportFilter) -> DurationReport:
    """Days from the case was opened (invitation or referral) to the purchase's completion, for
    purchases completed in the period: distribution, median, shortest and longest."""
    rows = _purchases(f).filter(completed_on__gte=f.start).annotate(
        duration=ExpressionWrapper(F("completed_on") - TruncDate("case__created_at"), output_field=DurationField()))
    bounds, lower = {}, None
    for n, (_, upper) in enumerate(DURATION_BUCKETS):
        condition = Q()
        if lower is not None:
            condition &= Q(duration__gte=dt.timedelta(days=lower))
        if upper is not None:
            condition &= Q(duration__lt=dt.timedelta(days=upper))
        bounds[f"b{n}"] = Count("id", filter=condition)
        lower = upper
    figures = rows.aggregate(count=Count("id"), shortest=Min("duration"), longest=Max("duration"), **bounds)
    count = figures["count"]
    median = None
    if count:
        ordered = rows.order_by("duration", "id").values_list("duration", flat=True)
        middle = list(ordered[(count - 1) // 2: count // 2 + 1])
        median = sum(d.days for d in middle) / len(middle)
    return DurationReport(count=count, buckets=[(label, figures[f"b{n}"]) for n, (label, _) in enumerate(DURATION_BUCKETS)],
                          median_days=median, shortest_days=_days(figures["shortest"]),
                          longest_days=_days(figures["longest"]))


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
    median days from certificate to purchase. Two queries whatever the number of certificates:
    the counts grouped by year, and the dates of the certificates that led to a purchase."""
    rows = FinancingCertificate.objects.filter(issued_on__gte=f.start, issued_on__lte=f.last_day,
                                               created_at__lt=f.cutoff)
    if f.area:
        rows = rows.filter(case__area=f.area)
    if f.channel:
        rows = rows.filter(case__channel=f.channel)
    if f.caseworker_id:
        rows = rows.filter(Exists(CaseMilestone.objects.filter(
            case_id=OuterRef("case_id"), stage=Stage.APPROVED, caseworker_id=f.caseworker_id)))
    bought = Q(case__purchase__completed_on__gte=F("issued_on"), case__purchase__completed_on__lte=f.last_day,
               case__purchase__created_at__lt=f.cutoff)
    years = {row["year"]: CertificateYear(year=row["year"], issued=row["issued"], bought=row["bought"])
             for row in rows.annotate(year=ExtractYear("issued_on")).values("year")
             .annotate(issued=Count("id"), bought=Count("id", filter=bought)).order_by("year")}
    days: dict[int, list[int]] = {}
    for year, issued_on, completed_on in (rows.filter(bought).annotate(year=ExtractYear("issued_on"))
                                          .values_list("year", "issued_on", "case__purchase__completed_on")):
        days.setdefault(year, []).append((completed_on - issued_on).days)
    for year, values in days.items():
        years[year].median_days = _median(values)
        years[year].bought_soon = sum(1 for value in values if value <= BOUGHT_SOON_DAYS)
    return [years[year] for year in sorted(years)]


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


def turnover(f: ReportFilter, purchases: PurchaseReport | None = None) -> TurnoverReport:
    """What the purchases freed and how the stock turned over, per year of the period. The area
    filter applies to every figure (the dwelling's area); channel and caseworker only to those
    that come from purchases."""
    purchases = purchases or purchases_by_year(f)
    years = {row.year: TurnoverYear(year=row.year, freed_by_purchase=row.other, sold_to_tenant=row.rented)
             for row in purchases.years}

    freed = _purchases(f).filter(freed_dwelling__isnull=False)
    if f.area:
        freed = freed.filter(freed_dwelling__area=f.area)
    # The first letting of each freed dwelling after the purchase, from the waiting list.
    first_relet = Subquery(WaitingListEntry.objects.filter(
        status=WaitingListStatus.ALLOCATED, allocated_dwelling_id=OuterRef("freed_dwelling_id"),
        status_date__gte=OuterRef("completed_on"), status_date__lte=f.last_day,
    ).order_by("status_date", "id").values("status_date")[:1], output_field=DateField())
    relets = (freed.annotate(relet_on=first_relet).filter(relet_on__gte=f.start)
              .annotate(year=ExtractYear("relet_on")).values("year").annotate(n=Count("id")).order_by())
    for row in relets:
        years[row["year"]].relet_from_waiting_list = row["n"]

    # Re-let counted by the as-of date, for the freed dwellings still waiting for a tenant.
    relet_by_now = WaitingListEntry.objects.filter(
        status=WaitingListStatus.ALLOCATED, status_date__lte=f.as_of, allocated_dwelling_id=OuterRef("freed_dwelling_id"),
        status_date__gte=OuterRef("completed_on"))
    freed_waiting = freed.filter(~Exists(relet_by_now))

    lived_in_municipal_housing = Tenancy.objects.filter(
        household_id=OuterRef("household_id"), start_date__lte=OuterRef("application_date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("application_date")))
    housed = WaitingListEntry.objects.filter(_in_period("status_date", f), status=WaitingListStatus.ALLOCATED).filter(
        ~Exists(lived_in_municipal_housing))
    if f.area:
        housed = housed.filter(allocated_dwelling__area=f.area)
    for row in housed.annotate(year=ExtractYear("status_date")).values("year").annotate(n=Count("id")).order_by():
        years[row["year"]].newly_housed = row["n"]

    dwellings = Dwelling.objects.filter(area=f.area) if f.area else Dwelling.objects.all()
    for row in (dwellings.filter(_in_period("sold_on", f)).annotate(year=ExtractYear("sold_on")).values("year")
                .annotate(n=Count("id")).order_by()):
        years[row["year"]].dwellings_sold = row["n"]
    for row in (dwellings.filter(_in_period("acquired_on", f)).annotate(year=ExtractYear("acquired_on"))
                .values("year").annotate(n=Count("id"), amount=Sum("acquisition_price")).order_by()):
        years[row["year"]].dwellings_acquired = row["n"]
        years[row["year"]].acquisition_amount = row["amount"] or 0

    stock = dwellings.exclude(status=DwellingStatus.DISPOSED).aggregate(**{
        str(year): Count("id", filter=(Q(acquired_on__isnull=True) | Q(acquired_on__lte=_year_end(year, f)))
                         & (Q(sold_on__isnull=True) | Q(sold_on__gt=_year_end(year, f))))
        for year in years})
    for year, row in years.items():
        row.stock_at_year_end = stock[str(year)]
    return TurnoverReport(years=[years[year] for year in sorted(years)], freed_waiting=freed_waiting.count())


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


def waiting_list(f: ReportFilter) -> WaitingListReport:
    """The waiting list over the period (KOSTRA: households with an application for a municipal
    dwelling that wait for one): its length and average waiting time at each month-end (quarter-
    or year-end for long periods), and per year the applications, allocations and other exits."""
    entries = WaitingListEntry.objects.all()
    days, step = _period_ends(f) if f.start <= f.last_day else ([], "måned")
    aggregates = {}
    for n, day in enumerate(days):
        aggregates[f"n{n}"] = Count("id", filter=_waiting_on(day))
        aggregates[f"d{n}"] = Avg(ExpressionWrapper(Value(day, output_field=DateField()) - F("application_date"),
                                                    output_field=DurationField()), filter=_waiting_on(day))
    figures = entries.aggregate(**aggregates) if aggregates else {}
    points = [WaitingPoint(day=day, waiting=figures[f"n{n}"], average_days=_days_float(figures[f"d{n}"]))
              for n, day in enumerate(days)]

    years = {year: WaitingYear(year=year) for year in f.years}
    for row in (entries.filter(_in_period("application_date", f)).annotate(year=ExtractYear("application_date"))
                .values("year").annotate(n=Count("id")).order_by()):
        years[row["year"]].applications = row["n"]
    exits = {WaitingListStatus.ALLOCATED: "housed", WaitingListStatus.WITHDRAWN: "withdrawn",
             WaitingListStatus.REJECTED: "rejected"}
    for row in (entries.filter(_in_period("status_date", f), status__in=list(exits))
                .annotate(year=ExtractYear("status_date")).values("year", "status").annotate(n=Count("id")).order_by()):
        setattr(years[row["year"]], exits[row["status"]], row["n"])

    waiting_now = entries.filter(_waiting_on(f.as_of))
    count = waiting_now.count()
    median = None
    if count:
        dates = list(waiting_now.order_by("-application_date", "id")
                     .values_list("application_date", flat=True)[(count - 1) // 2: count // 2 + 1])
        median = sum((f.as_of - day).days for day in dates) / len(dates)
    return WaitingListReport(points=points, step=step, years=[years[y] for y in sorted(years)],
                             waiting_now=count, median_days_now=median)


def _days_float(duration) -> float | None:
    if duration is None:
        return None
    if isinstance(duration, dt.timedelta):
        return duration.total_seconds() / 86400
    return float(duration) / 86_400_000_000  # microseconds, where a backend returns the raw number


def filter_choices() -> dict:
    """The areas and caseworkers that occur in the cases, for the filter form."""
    return {
        "areas": list(Case.objects.exclude(area="").order_by("area").values_list("area", flat=True).distinct()),
        "caseworkers": list(User.objects.filter(pk__in=CaseMilestone.objects.values("caseworker_id"))
                            .order_by("first_name", "last_name", "username")),
    }


class Dashboard:
    """Every figure of the report page (and the yearly report) for one filter. Each figure is
    computed the first time it is asked for, so a download of one table costs only its own."""

    def __init__(self, f: ReportFilter, *, by_caseworker: bool):
        self.filter = f
        self.by_caseworker = by_caseworker

    @cached_property
    def purchases(self) -> PurchaseReport:
        return purchases_by_year(self.filter)

    @cached_property
    def funnel(self) -> FunnelReport:
        return funnel(self.filter, by_caseworker=self.by_caseworker)

    @cached_property
    def duration(self) -> DurationReport:
        return time_to_purchase(self.filter)

    @cached_property
    def turnover(self) -> TurnoverReport:
        return turnover(self.filter, self.purchases)

    @cached_property
    def waiting(self) -> WaitingListReport:
        return waiting_list(self.filter)

    @cached_property
    def certificates(self) -> list[CertificateYear]:
        return certificate_conversion(self.filter)

    @cached_property
    def criteria(self):
        from boligvei.reports.criteria import by_criterion  # criteria.py builds on this module's cohort
        return by_criterion(self.filter)


def dashboard(f: ReportFilter, *, by_caseworker: bool) -> Dashboard:
    return Dashboard(f, by_caseworker=by_caseworker)
