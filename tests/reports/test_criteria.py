"""The programme's results by the guidelines' target-group criteria: households whose case was
opened, by the version in force that day, and startlån decisions by the paragraphs they cite,
per year and as of any date (reports/criteria.py)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligvei.cases import services
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.demo.guidelines import demo_guidelines_create
from boligvei.reports.criteria import IN_GROUP, OUTSIDE, by_criterion
from boligvei.reports.selectors import ReportFilter
from tests.conftest import make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import PersonFactory, consenting_household

pytestmark = pytest.mark.django_db


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False)


def _household(name: str, *, child: bool = False):
    household = consenting_household(last_name=name, income_disability_benefit=0, birth_date=dt.date(1975, 1, 1))
    if child:
        PersonFactory(household=household, relation="child", birth_date=dt.date(2008, 1, 1),
                      income_disability_benefit=0)
    TenancyFactory(household=household, start_date=dt.date(2010, 1, 1), end_date=None, contract_type="permanent")
    return household


@pytest.fixture
def programme(alice, team):
    demo_guidelines_create(actor=alice)
    approver = make_user("frida", "approver", team)
    with _at(dt.date(2013, 6, 3)):  # the first version: every municipal tenant is in the target group
        services.case_open(actor=alice, household=_household("Tenant"))
    with _at(dt.date(2014, 2, 3)):  # the second: only the most disadvantaged
        services.case_open(actor=alice, household=_household("Outside"))
        case = services.case_open(actor=alice, household=_household("Family", child=True))
        decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=1_000_000,
                                      recommendation="Anbefales.", override_reason="Vurdert i samtalen.")
    with _at(dt.date(2014, 3, 3)):
        decision_decide(actor=approver, decision=decision, outcome="approved", grounds="", price_frame=2_000_000)


def _filter(as_of: dt.date) -> ReportFilter:
    return ReportFilter(start=dt.date(2013, 1, 1), end=dt.date(2014, 12, 31), as_of=as_of)


def test_households_and_decisions_are_counted_by_the_criterion_of_their_day(programme):
    report = by_criterion(_filter(dt.date(2014, 12, 31)))
    y2013, y2014 = report.years
    assert dict(y2013.households) == {"municipal_tenant": 1, IN_GROUP: 1}
    assert dict(y2014.households) == {"children": 1, IN_GROUP: 1, OUTSIDE: 1}
    assert dict(y2014.approved) == {"children": 1, IN_GROUP: 1} and not y2014.refused
    assert report.keys() == ["children", "municipal_tenant", IN_GROUP, OUTSIDE]


def test_the_figures_are_as_of_the_date_asked(programme):
    report = by_criterion(_filter(dt.date(2014, 2, 28)))  # opened, not yet decided
    assert dict(report.years[1].households) == {"children": 1, IN_GROUP: 1, OUTSIDE: 1}
    assert not report.years[1].approved
    assert [y.year for y in by_criterion(_filter(dt.date(2013, 12, 31))).years] == [2013]


def test_the_figures_cost_six_queries_however_many_cases(programme, alice):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            by_criterion(_filter(dt.date(2014, 12, 31)))
        return len(captured)

    few = queries()
    with _at(dt.date(2014, 5, 5)):
        for i in range(4):
            services.case_open(actor=alice, household=_household(f"More{i}", child=bool(i % 2)))
    assert queries() == few == 6


def test_the_table_is_on_the_report_page_and_downloads(bob_client, programme):
    query = "?start=2013-01-01&end=2014-12-31&as_of=2014-12-31"
    page = bob_client.get(reverse("reports:after_purchase") + query).content.decode()
    assert "Målgruppen i retningslinjene per år" in page and "Leietakere i kommunal bolig" in page
    csv = bob_client.get(reverse("reports:table_export", args=["malgruppe", "csv"]) + query).content.decode("utf-8-sig")
    assert any(line.startswith("2014;Husstander med barn;1;1;0") for line in csv.splitlines())
