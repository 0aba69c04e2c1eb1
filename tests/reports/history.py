"""A small programme history with known answers, made through the real services on a moved clock.

    2012  A  letter, Sentrum: opened 05.03, ... applying (skips the plan) ... bought the dwelling
             it rented, completed 01.10.2012, registered 05.10.2012 (210 days after opening)
          B  NAV, Nord: opened 10.04, declined 02.05 (an answer)
          C  letter, Sentrum: opened 01.06, no answer 01.08
    2013  D  letter, Sentrum: opened 15.01, every stage, bought another home, completed
             01.09.2013, registered 03.09.2013 (229 days); the freed dwelling is let to W1 15.10.2013
          E  letter, Sentrum: opened 01.03, meeting 10.03 (alice), given to dave 20.03,
             conversation 01.04.2013, mapped 15.01.2014, assessed 01.02.2014 (dave)
    Waiting list: W1 applied 01.02.2013, allocated 15.10.2013; W2 applied 01.05.2013, still waiting.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import time_machine

from boligvei.cases import services
from boligvei.cases.models import Case, Channel
from boligvei.cases.purchases import case_record_purchase
from boligvei.core.models import User
from boligvei.housing.models import Dwelling, WaitingListEntry
from boligvei.housing.services import waiting_list_allocate
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import consenting_household

OSLO = ZoneInfo("Europe/Oslo")


def on(day: str):
    """Travel to noon on a day written as 31.12.2013."""
    d, m, y = (int(part) for part in day.split("."))
    return time_machine.travel(dt.datetime(y, m, d, 12, tzinfo=OSLO), tick=False)


@dataclass
class History:
    a: Case
    b: Case
    c: Case
    d: Case
    e: Case
    freed: Dwelling
    sold: Dwelling
    w1: WaitingListEntry
    w2: WaitingListEntry


def _tenant(area: str, **dwelling):
    household = consenting_household()  # to the mapping and to the application to Husbanken
    tenancy = TenancyFactory(household=household, start_date=dt.date(2008, 1, 1), end_date=None,
                             contract_type="indefinite", dwelling=DwellingFactory(area=area, **dwelling))
    return household, tenancy


def _walk(actor, case, steps: list[tuple[str, str]]):
    for day, status in steps:
        with on(day):
            reason = "Husstanden vil vente." if status in ("declined", "no_answer") else ""
            services.case_move(actor=actor, case=case, to_status=status, expected_version=case.version,
                               reason=reason)


def build_history(alice: User, dave: User) -> History:
    household_a, tenancy_a = _tenant("Sentrum")
    household_b, _ = _tenant("Nord")
    household_c, _ = _tenant("Sentrum")
    household_d, tenancy_d = _tenant("Sentrum", rooms=2)
    household_e, _ = _tenant("Sentrum")

    with on("05.03.2012"):
        a = services.case_open(actor=alice, household=household_a)
    _walk(alice, a, [("20.03.2012", "meeting_booked"), ("02.04.2012", "conversation_held"),
                     ("15.04.2012", "mapped"), ("01.05.2012", "assessed"), ("01.06.2012", "applying"),
                     ("01.08.2012", "financing_approved")])
    with on("05.10.2012"):
        case_record_purchase(actor=alice, case=a, expected_version=a.version, completed_on=dt.date(2012, 10, 1),
                             price=2_000_000, startlan=1_400_000, bank_loan=500_000, equity=100_000,
                             bought_rented_dwelling=True)
    with on("10.04.2012"):
        b = services.case_open(actor=alice, household=household_b, channel=Channel.NAV, referred_by="NAV Fjordvik")
    _walk(alice, b, [("02.05.2012", "declined")])
    with on("01.06.2012"):
        c = services.case_open(actor=alice, household=household_c)
    _walk(alice, c, [("01.08.2012", "no_answer")])

    w1 = WaitingListEntryFactory(application_date=dt.date(2013, 2, 1), status_date=dt.date(2013, 2, 1))
    w2 = WaitingListEntryFactory(application_date=dt.date(2013, 5, 1), status_date=dt.date(2013, 5, 1))
    with on("15.01.2013"):
        d = services.case_open(actor=alice, household=household_d)
    _walk(alice, d, [("01.02.2013", "meeting_booked"), ("15.02.2013", "conversation_held"),
                     ("01.03.2013", "mapped"), ("15.03.2013", "assessed"), ("01.04.2013", "follow_up_plan"),
                     ("01.05.2013", "applying"), ("01.07.2013", "financing_approved")])
    with on("03.09.2013"):
        case_record_purchase(actor=alice, case=d, expected_version=d.version, completed_on=dt.date(2013, 9, 1),
                             price=2_500_000, startlan=2_000_000, bank_loan=300_000, grant=150_000, equity=50_000,
                             bought_rented_dwelling=False, address="Solbakken 3, 3720 Fjordvik")
    with on("15.10.2013"):
        waiting_list_allocate(actor=alice, entry=w1, dwelling=tenancy_d.dwelling, tenancy_fields={
            "start_date": dt.date(2013, 10, 15), "rent_monthly": 9_000, "contract_type": "indefinite"})

    with on("01.03.2013"):
        e = services.case_open(actor=alice, household=household_e)
    _walk(alice, e, [("10.03.2013", "meeting_booked")])
    with on("20.03.2013"):
        services.case_assign(actor=alice, case=e, caseworker=dave, expected_version=e.version)
    _walk(dave, e, [("01.04.2013", "conversation_held"), ("15.01.2014", "mapped"), ("01.02.2014", "assessed")])

    for case in (a, b, c, d, e):
        case.refresh_from_db()
    w1.refresh_from_db()
    return History(a=a, b=b, c=c, d=d, e=e, freed=tenancy_d.dwelling, sold=tenancy_a.dwelling, w1=w1, w2=w2)
