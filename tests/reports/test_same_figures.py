"""The faster selectors (one pass over the funnel, the waiting list from two grouped queries, the
stock from one) give exactly the figures of the former ones (tests/reports/reference_selectors.py),
on the hand-built history with a random waiting list and stock added, for periods that start and
end inside a year, as of past dates, and per area."""

import dataclasses
import datetime as dt
import random

import pytest

from boligvei.core.roles import Role
from boligvei.housing.models import DwellingStatus, WaitingListStatus
from boligvei.reports import selectors
from boligvei.reports.selectors import ReportFilter
from tests.conftest import make_user
from tests.housing.factories import DwellingFactory, WaitingListEntryFactory
from tests.reports import reference_selectors as before
from tests.reports.history import build_history


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


@pytest.fixture
def register(alice, team):
    history = build_history(alice, make_user("dave", Role.CASEWORKER, team))
    rng = random.Random(18)
    dwellings = []
    for _ in range(30):
        acquired = _day(rng, dt.date(2005, 1, 1), dt.date(2016, 12, 31)) if rng.random() < 0.8 else None
        sold = _day(rng, dt.date(2011, 1, 1), dt.date(2016, 12, 31)) if rng.random() < 0.4 else None
        dwellings.append(DwellingFactory(
            area=rng.choice(["Sentrum", "Nord"]), acquired_on=acquired, sold_on=sold,
            acquisition_price=rng.randint(1, 40) * 100_000 if acquired else None,
            status=rng.choice([DwellingStatus.DISPOSED] + [DwellingStatus.IN_USE] * 3 if not sold else [DwellingStatus.SOLD])))
    for _ in range(40):
        applied = _day(rng, dt.date(2011, 6, 1), dt.date(2015, 12, 31))
        status = rng.choice(list(WaitingListStatus))
        # Mostly after the application; a few dated before it or on it, as imported data can be.
        status_date = (None if status == WaitingListStatus.WAITING and rng.random() < 0.7
                       else applied + dt.timedelta(days=rng.randint(-20, 900)))
        WaitingListEntryFactory(application_date=applied, status=status, status_date=status_date,
                                allocated_dwelling=rng.choice(dwellings) if status == WaitingListStatus.ALLOCATED
                                else None)
    return history


FILTERS = [
    ReportFilter(start=dt.date(2012, 1, 1), end=dt.date(2014, 12, 31), as_of=dt.date(2014, 12, 31)),
    ReportFilter(start=dt.date(2011, 3, 15), end=dt.date(2016, 12, 31), as_of=dt.date(2015, 8, 20)),
    ReportFilter(start=dt.date(2013, 2, 10), end=dt.date(2013, 11, 5), as_of=dt.date(2016, 1, 1)),
    ReportFilter(start=dt.date(2008, 1, 1), end=dt.date(2016, 6, 30), as_of=dt.date(2016, 6, 30)),  # by quarter
    ReportFilter(start=dt.date(2012, 1, 1), end=dt.date(2016, 12, 31), as_of=dt.date(2016, 12, 31), area="Nord"),
    ReportFilter(start=dt.date(2012, 1, 1), end=dt.date(2016, 12, 31), as_of=dt.date(2016, 12, 31), channel="letter"),
]


def _plain(report):
    """The report as plain values, averages rounded to a millionth of a day (PostgreSQL averages
    intervals to the microsecond)."""
    def plain(value):
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value
    return plain(dataclasses.asdict(report) if dataclasses.is_dataclass(report) else [dataclasses.asdict(r) for r in report])


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f"{f.start}-{f.end}-as-of-{f.as_of}-{f.area or f.channel}")
def test_every_figure_is_the_one_the_former_queries_gave(register, f):
    assert _plain(selectors.funnel(f)) == _plain(before.funnel(f))
    assert _plain(selectors.funnel(f, by_caseworker=False)) == _plain(before.funnel(f, by_caseworker=False))
    assert _plain(selectors.waiting_list(f)) == _plain(before.waiting_list(f))
    assert _plain(selectors.turnover(f)) == _plain(before.turnover(f))
    assert _plain(selectors.time_to_purchase(f)) == _plain(before.time_to_purchase(f))
    assert _plain(selectors.certificate_conversion(f)) == _plain(before.certificate_conversion(f))
    assert _plain(selectors.purchases_by_year(f)) == _plain(before.purchases_by_year(f))


def test_the_random_register_has_what_the_comparison_needs(register):
    f = FILTERS[1]
    waiting = selectors.waiting_list(f)
    assert any(point.waiting for point in waiting.points) and waiting.waiting_now
    turnover = selectors.turnover(f)
    assert any(row.dwellings_sold for row in turnover.years) and any(row.dwellings_acquired for row in turnover.years)
    assert len({row.stock_at_year_end for row in turnover.years}) > 1


def test_the_filter_choices_and_the_programme_start_are_the_former_ones(register):
    now, then = selectors.filter_choices(), before.filter_choices()
    assert now["areas"] == then["areas"]
    assert [(user.pk, str(user)) for user in now["caseworkers"]] == [(user.pk, str(user)) for user in then["caseworkers"]]
    assert now["programme_start"] == before.programme_start() == selectors.programme_start()
