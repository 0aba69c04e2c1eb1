"""Every figure on a hand-built history whose right answers are worked out in tests/reports/history.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boligvei.cases.certificates import certificate_issue
from boligvei.cases.milestones import milestones_rebuild
from boligvei.cases.models import CaseMilestone, Decision
from boligvei.core.roles import Role
from boligvei.reports import selectors
from boligvei.reports.selectors import ReportFilter
from tests.conftest import make_user
from tests.reports.history import build_history, on


@pytest.fixture
def history(alice, team):
    return build_history(alice, make_user("dave", Role.CASEWORKER, team))


def period(year_from, year_to, as_of, **filters):
    return ReportFilter(start=dt.date(year_from, 1, 1), end=dt.date(year_to, 12, 31), as_of=as_of, **filters)


def test_purchases_per_year_split_and_financed(history):
    report = selectors.purchases_by_year(period(2012, 2014, dt.date(2014, 12, 31)))
    assert [(y.year, y.rented, y.other, y.cumulative) for y in report.years] == [
        (2012, 1, 0, 1), (2013, 0, 1, 2), (2014, 0, 0, 2)]
    assert (report.total.total, report.total.price, report.total.startlan, report.total.bank_loan,
            report.total.grant, report.total.equity) == (2, 4_500_000, 3_400_000, 800_000, 150_000, 150_000)


def test_a_purchase_counts_from_the_day_it_was_registered(history):
    # Completed 01.09.2013, registered 03.09.2013.
    assert selectors.purchases_by_year(period(2013, 2013, dt.date(2013, 9, 2))).total.total == 0
    assert selectors.purchases_by_year(period(2013, 2013, dt.date(2013, 9, 3))).total.total == 1


def test_the_cumulative_count_includes_years_before_the_period(history):
    report = selectors.purchases_by_year(period(2013, 2013, dt.date(2013, 12, 31)))
    assert [(y.year, y.total, y.cumulative) for y in report.years] == [(2013, 1, 2)]


def test_the_funnel_of_2012_as_it_stood_at_the_end_of_2012(history):
    report = selectors.funnel(period(2012, 2012, dt.date(2012, 12, 31)))
    assert report.total.counts == [3, 2, 1, 1, 1, 1, 1, 1]
    assert report.total.conversions[1] == pytest.approx(2 / 3)
    assert report.total.shares[-1] == pytest.approx(1 / 3)
    assert [(row.label, row.counts) for row in report.by_channel] == [
        ("Invitasjonsbrev", [2, 1, 1, 1, 1, 1, 1, 1]), ("NAV", [1, 1, 0, 0, 0, 0, 0, 0])]


def test_the_funnel_on_a_past_date_gives_the_same_answer_after_later_history(history):
    # Everything after 30.06.2013 has happened since; the answer as of that date is unchanged.
    report = selectors.funnel(period(2013, 2013, dt.date(2013, 6, 30)))
    assert report.total.counts == [2, 2, 2, 1, 1, 1, 0, 0]
    later = selectors.funnel(period(2013, 2013, dt.date(2014, 12, 31)))
    assert later.total.counts == [2, 2, 2, 2, 1, 1, 1, 1]


def test_the_funnel_per_year_opened(history):
    report = selectors.funnel(period(2012, 2013, dt.date(2014, 12, 31)))
    assert [(row.label, row.counts) for row in report.by_year] == [
        ("2012", [3, 2, 1, 1, 1, 1, 1, 1]), ("2013", [2, 2, 2, 2, 1, 1, 1, 1])]


def test_the_funnel_per_caseworker_counts_each_stage_with_whoever_had_the_case_then(history):
    report = selectors.funnel(period(2013, 2013, dt.date(2014, 12, 31)))
    assert {row.label: row.counts for row in report.by_caseworker} == {
        "Alice Testesen": [2, 2, 1, 1, 1, 1, 1, 1], "Dave Testesen": [0, 0, 1, 1, 0, 0, 0, 0]}
    dave = history.e.caseworker_id
    assert selectors.funnel(period(2013, 2013, dt.date(2014, 12, 31), caseworker_id=dave)).total.counts == [
        0, 0, 1, 1, 0, 0, 0, 0]


def test_filters_by_area_and_channel(history):
    assert selectors.funnel(period(2012, 2012, dt.date(2012, 12, 31), area="Nord")).total.counts == [
        1, 1, 0, 0, 0, 0, 0, 0]
    assert selectors.funnel(period(2012, 2013, dt.date(2014, 12, 31), channel="nav")).total.invited == 1
    assert selectors.purchases_by_year(period(2012, 2013, dt.date(2014, 12, 31), area="Nord")).total.total == 0


def test_time_from_invitation_to_purchase(history):
    report = selectors.time_to_purchase(period(2012, 2013, dt.date(2014, 12, 31)))
    assert report.count == 2
    assert (report.shortest_days, report.longest_days, report.median_days) == (210, 229, 219.5)
    assert dict(report.buckets)["6–12 måneder"] == 2
    assert sum(n for _, n in report.buckets) == 2
    only_2012 = selectors.time_to_purchase(period(2012, 2012, dt.date(2014, 12, 31)))
    assert (only_2012.count, only_2012.median_days) == (1, 210)


def test_turnover(history):
    report = selectors.turnover(period(2012, 2013, dt.date(2013, 12, 31)))
    by_year = {row.year: row for row in report.years}
    assert (by_year[2012].sold_to_tenant, by_year[2012].freed_by_purchase, by_year[2012].dwellings_sold) == (1, 0, 1)
    assert (by_year[2013].freed_by_purchase, by_year[2013].relet_from_waiting_list) == (1, 1)
    assert by_year[2013].newly_housed == 1  # W1 did not live in municipal housing when applying
    assert by_year[2012].stock_at_year_end == 4 and by_year[2013].stock_at_year_end == 4
    assert report.freed_waiting == 0
    # On 30.09.2013 the freed dwelling had not been let again yet.
    assert selectors.turnover(period(2013, 2013, dt.date(2013, 9, 30))).freed_waiting == 1


def test_the_waiting_list_over_time(history):
    report = selectors.waiting_list(period(2013, 2013, dt.date(2013, 12, 31)))
    assert report.step == "måned"
    points = {point.day: point for point in report.points}
    assert points[dt.date(2013, 1, 31)].waiting == 0
    assert points[dt.date(2013, 6, 30)].waiting == 2
    assert points[dt.date(2013, 12, 31)].waiting == 1
    assert points[dt.date(2013, 12, 31)].average_days == pytest.approx(244)
    assert (report.waiting_now, report.median_days_now) == (1, 244)
    assert [(y.year, y.applications, y.housed) for y in report.years] == [(2013, 2, 1)]


def test_a_long_period_is_drawn_by_quarter(history):
    report = selectors.waiting_list(period(2012, 2026, dt.date(2026, 11, 24)))
    assert report.step == "kvartal" and len(report.points) <= selectors.MAX_POINTS


def test_milestones_written_live_equal_those_rebuilt_from_the_events(history):
    def rows():
        return set(CaseMilestone.objects.values_list("case_id", "stage", "at", "caseworker_id"))

    live = rows()
    assert len(live) == 8 + 2 + 1 + 8 + 4
    milestones_rebuild()
    assert rows() == live


def test_each_figure_costs_a_fixed_number_of_queries(history, alice):
    f = period(2012, 2014, dt.date(2014, 12, 31))
    counts = {}
    for name, figure in (("purchases", selectors.purchases_by_year), ("funnel", selectors.funnel),
                         ("time", selectors.time_to_purchase), ("turnover", selectors.turnover),
                         ("waiting", selectors.waiting_list)):
        with CaptureQueriesContext(connection) as queries:
            figure(f)
        counts[name] = len(queries)
    assert counts == {"purchases": 1, "funnel": 1, "time": 1, "turnover": 3, "waiting": 2}


@pytest.mark.parametrize("step, phrase", [("måned", "hver måned"), ("kvartal", "hvert kvartal"), ("år", "hvert år")])
def test_the_waiting_list_period_reads_as_norwegian(step, phrase):
    # «hver kvartal» was printed: kvartal and år are neuter and take «hvert».
    report = selectors.WaitingListReport(points=[], step=step, years=[], waiting_now=0, median_days_now=None)
    assert report.each_step == phrase
def _certificate(case, day: str, actor, approver):
    """A financing certificate issued on the day (through the service, with its letter)."""
    with on(day):
        decision = Decision.objects.create(
            case=case, kind="startlan", amount=1_500_000, approved_amount=1_500_000, recommendation="Ja.",
            recommended_by=actor, recommended_at=timezone.now(), outcome="approved", decided_by=approver,
            decided_at=timezone.now(), rules="Forskriften.")
        return certificate_issue(actor=approver, decision=decision, price_frame=2_000_000)


@pytest.fixture
def certificates(history, alice, team):
    approver = make_user("frida", Role.APPROVER, team)
    _certificate(history.a, "01.07.2012", alice, approver)  # bought 01.10.2012: 92 days
    _certificate(history.d, "01.03.2013", alice, approver)  # bought 01.09.2013 (registered 03.09): 184 days
    _certificate(history.e, "01.06.2013", alice, approver)  # has not bought
    return history


def test_certificate_conversion_and_median_time_to_purchase_per_year(certificates):
    rows = selectors.certificate_conversion(period(2012, 2013, dt.date(2013, 12, 31)))
    assert [(y.year, y.issued, y.bought, y.bought_soon, y.not_bought, y.median_days) for y in rows] == [
        (2012, 1, 1, 1, 0, 92), (2013, 2, 1, 0, 1, 184)]
    assert rows[1].share_bought == 0.5


def test_certificate_conversion_counts_only_what_was_recorded_by_the_as_of_date(certificates):
    before_registration = selectors.certificate_conversion(period(2013, 2013, dt.date(2013, 9, 2)))
    assert [(y.issued, y.bought, y.median_days) for y in before_registration] == [(2, 0, None)]
    assert [y.issued for y in selectors.certificate_conversion(period(2013, 2013, dt.date(2013, 5, 31)))] == [1]


def test_certificate_conversion_costs_one_query(certificates):
    with CaptureQueriesContext(connection) as queries:
        selectors.certificate_conversion(period(2012, 2014, dt.date(2014, 12, 31)))
    assert len(queries) == 1


@pytest.fixture
def followed_up(history, alice):
    """The history's purchases planned follow-ups after 3 and 12 months: a's on 01.01.2013 and
    01.10.2013, d's on 01.12.2013 and 01.09.2014. a's first found late payments; d's first none."""
    from boligvei.cases.follow_ups import follow_up_record

    with on("10.01.2013"):
        follow_up_record(actor=alice, follow_up=history.a.follow_ups.get(months=3), done_on=dt.date(2013, 1, 10),
                         wellbeing="Trives.", payment_trouble="late", payment_notes="To husleier for sent.",
                         help_arranged=["debt_counselling"])
    with on("05.12.2013"):
        follow_up_record(actor=alice, follow_up=history.d.follow_ups.get(months=3), done_on=dt.date(2013, 12, 5),
                         wellbeing="Greit.", payment_trouble="none")
    return history


def _follow_up_rows(report):
    return [(y.label, y.planned, y.done, y.overdue, y.households_followed_up, y.households_with_trouble)
            for y in [*report.years, report.total]]


def test_follow_ups_after_the_purchase_planned_done_overdue_and_payment_trouble_per_year(followed_up):
    report = selectors.follow_ups_after_purchase(period(2013, 2014, dt.date(2014, 12, 31)))
    assert _follow_up_rows(report) == [("2013", 3, 2, 1, 2, 1), ("2014", 1, 0, 1, 0, 0),
                                       ("Sum perioden", 4, 2, 2, 2, 1)]
    assert report.years[0].share_with_trouble == 0.5 and report.years[1].share_with_trouble is None


def test_follow_ups_as_of_a_past_date_count_only_what_was_planned_and_done_by_then(followed_up):
    # 05.01.2013: a's first follow-up was due four days ago and not yet done; d had not bought.
    report = selectors.follow_ups_after_purchase(period(2013, 2014, dt.date(2013, 1, 5)))
    assert _follow_up_rows(report) == [("2013", 2, 0, 1, 0, 0), ("Sum perioden", 2, 0, 1, 0, 0)]


def test_follow_ups_filtered_by_caseworker_count_the_cases_they_had_at_the_purchase(followed_up, alice):
    report = selectors.follow_ups_after_purchase(period(2013, 2014, dt.date(2014, 12, 31),
                                                        caseworker_id=alice.pk + 1000))
    assert report.years == [] and report.total.planned == 0


def test_follow_ups_after_the_purchase_cost_two_queries(followed_up):
    with CaptureQueriesContext(connection) as queries:
        selectors.follow_ups_after_purchase(period(2012, 2014, dt.date(2014, 12, 31)))
    assert len(queries) == 2
