"""The demo municipality's programme history: purchases since 2012 (11, 17 and 10 in Skien's
first three years), the dwellings they freed and sold, the cases that did not end in a purchase,
and that every row of it could have been recorded through the services.

The demo is loaded once for the module, without the letter campaigns (their PDFs take most of a
minute, and the history does not depend on them; tests/demo/test_generator.py loads it all).
"""

import datetime as dt
from collections import Counter, defaultdict
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from boligvei.cases.funnel import Stage
from boligvei.cases.milestones import STATUS_KINDS, milestones_rebuild
from boligvei.cases.models import Case, CaseEvent, CaseMilestone, Decision, EventKind, Purchase
from boligvei.cases.pipeline import CLOSED_STATUSES, EXITS, INVITE_AGAIN, TRANSITIONS, Status
from boligvei.core.models import Team, User
from boligvei.demo.generator import generate_register
from boligvei.demo.history import PROGRAMME_START, demo_history_create
from boligvei.demo.services import DEMO_STAFF, _register_delete, demo_load
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy, WaitingListEntry
from boligvei.referrals.models import ReferralPartner
from tests.demo.conftest import FAST_HASHERS, clear_audit_log

TODAY = dt.date(2025, 11, 5)

pytestmark = pytest.mark.django_db


def _load(**kwargs):
    with mock.patch("boligvei.demo.services.demo_outreach_create", return_value=0):
        return demo_load(seed=2012, **kwargs)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        summary = _load(today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        _register_delete()
        ReferralPartner.objects.all().delete()
        clear_audit_log()
        User.objects.filter(username__in=[row[0] for row in DEMO_STAFF]).delete()
        Team.objects.all().delete()


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _history_cases():
    """The back-dated cases (the services open the demo's live cases at the time of the load)."""
    return Case.objects.filter(created_at__lt=_start_of(TODAY))


def _status_events():
    events = defaultdict(list)
    for row in (CaseEvent.objects.filter(kind__in=STATUS_KINDS).order_by("case_id", "at", "id")
                .values_list("case_id", "kind", "from_status", "to_status", "at", "caseworker_id", "text",
                             "invite_again_on")):
        events[row[0]].append(row[1:])
    return events


def test_purchases_follow_skiens_first_years_and_go_on_since(demo):
    years = Counter(Purchase.objects.values_list("completed_on__year", flat=True))
    assert (years[2012], years[2013], years[2014]) == (11, 17, 10)
    assert all(years[year] > 0 for year in range(2012, 2026))
    assert min(Purchase.objects.values_list("completed_on", flat=True)) >= PROGRAMME_START
    assert max(Purchase.objects.values_list("completed_on", flat=True)) <= TODAY - dt.timedelta(days=14)
    rented = Purchase.objects.filter(bought_rented_dwelling=True).count()
    assert 0.4 <= rented / Purchase.objects.count() <= 0.7


def test_the_financing_adds_up_to_the_price_and_looks_like_startlan(demo):
    purchases = list(Purchase.objects.all())
    for purchase in purchases:
        assert purchase.startlan + purchase.bank_loan + purchase.grant + purchase.equity == purchase.price
        assert 900_000 <= purchase.price <= 5_500_000
        assert purchase.grant == 0 or 100_000 <= purchase.grant <= 300_000
        assert 0 <= purchase.equity <= 150_000 and purchase.startlan > 0
        registered = timezone.localdate(purchase.created_at)
        assert purchase.completed_on < registered <= purchase.completed_on + dt.timedelta(days=16)
    largest = sum(p.startlan >= max(p.bank_loan, p.grant, p.equity) for p in purchases)
    assert largest / len(purchases) > 0.6
    assert any(p.bank_loan for p in purchases) and any(p.grant for p in purchases)
    early = [p.price for p in purchases if p.completed_on.year == 2012]
    assert 1_400_000 <= min(early) and max(early) <= 3_600_000


def test_a_purchase_ends_the_tenancy_and_sells_or_frees_the_dwelling(demo):
    for purchase in Purchase.objects.select_related("case__household", "dwelling", "freed_dwelling"):
        household = purchase.case.household
        tenancy = Tenancy.objects.get(household=household)
        assert not tenancy.is_active and tenancy.end_date == purchase.completed_on
        assert tenancy.start_date < timezone.localdate(purchase.case.created_at)
        assert purchase.case.area == tenancy.dwelling.area
        if purchase.bought_rented_dwelling:
            dwelling = purchase.dwelling
            assert tenancy.dwelling == dwelling and purchase.freed_dwelling is None
            assert dwelling.status == DwellingStatus.SOLD and dwelling.sold_on == purchase.completed_on
            assert dwelling.sale_price == purchase.price and not dwelling.rent_to_own_potential
            assert household.address_line.startswith(dwelling.street_address)
        else:
            assert tenancy.dwelling == purchase.freed_dwelling and purchase.dwelling is None
            assert purchase.freed_dwelling.status == DwellingStatus.IN_USE
            assert purchase.address.startswith(household.address_line)


def test_every_freed_dwelling_was_let_again_from_the_waiting_list(demo):
    freed = Purchase.objects.exclude(freed_dwelling=None)
    assert freed.count() > 30
    for purchase in freed:
        entry = (WaitingListEntry.objects.filter(allocated_dwelling=purchase.freed_dwelling, status="allocated",
                                                 status_date__gt=purchase.completed_on)
                 .order_by("status_date").first())
        assert entry is not None
        assert entry.status_date <= purchase.completed_on + dt.timedelta(weeks=10)
        assert entry.application_date < entry.status_date
        assert Tenancy.objects.filter(dwelling=purchase.freed_dwelling, household=entry.household,
                                      start_date=entry.status_date).exists()


def test_no_dwelling_has_two_active_tenancies_and_no_tenancies_overlap(demo):
    active = Counter(Tenancy.objects.filter(is_active=True).values_list("dwelling_id", flat=True))
    assert max(active.values()) == 1
    households = Counter(Tenancy.objects.filter(is_active=True).values_list("household_id", flat=True))
    assert max(households.values()) == 1
    by_dwelling = defaultdict(list)
    for dwelling_id, start, end in Tenancy.objects.values_list("dwelling_id", "start_date", "end_date"):
        by_dwelling[dwelling_id].append((start, end))
    for periods in by_dwelling.values():
        periods.sort()
        for (_, earlier_end), (later_start, _) in zip(periods, periods[1:], strict=False):
            assert earlier_end is not None and earlier_end < later_start
    assert not Tenancy.objects.filter(is_active=True).exclude(dwelling__status=DwellingStatus.IN_USE).exists()
    sold = Purchase.objects.filter(bought_rented_dwelling=True)  # to the tenant: nobody rented it after
    for dwelling_id, sold_on in sold.values_list("dwelling_id", "dwelling__sold_on"):
        assert all(end and end <= sold_on for _, end in by_dwelling.get(dwelling_id, []))


def test_the_municipality_bought_new_dwellings_after_selling(demo):
    acquired = Dwelling.objects.exclude(acquired_on=None)
    sold_to_tenants = Purchase.objects.filter(bought_rented_dwelling=True).count()
    assert 0.4 * sold_to_tenants <= acquired.count() <= 0.8 * sold_to_tenants
    first_sale = Purchase.objects.filter(bought_rented_dwelling=True).order_by("completed_on").first().completed_on
    for dwelling in acquired:
        assert dwelling.acquisition_price and first_sale < dwelling.acquired_on < TODAY
        assert not dwelling.tenancies.filter(start_date__lte=dwelling.acquired_on).exists()


def test_every_case_follows_the_pipeline(demo):
    statuses = dict(Case.objects.values_list("pk", "status"))
    for case_id, events in _status_events().items():
        kind, from_status, to_status, *_ = events[0]
        assert (kind, from_status, to_status) == (EventKind.OPENED, "", Status.INVITED)
        for (_, _, before, at_before, *_), (kind, from_status, after, at, caseworker, *_) in zip(
                events, events[1:], strict=False):
            assert from_status == before and after in TRANSITIONS[Status(before)], (case_id, before, after)
            assert at >= at_before and caseworker is not None
        assert statuses[case_id] == events[-1][2]
    assert set(statuses) == set(_status_events())


def test_the_history_happened_in_order_and_is_closed(demo):
    events = _status_events()
    cases = _history_cases()
    assert cases.count() > 2500
    for case in cases:
        rows = events[case.pk]
        times = [row[3] for row in rows]
        assert times == sorted(set(times)), case.pk  # strictly increasing
        assert case.created_at == times[0] and case.status_changed_at == times[-1] <= _start_of(TODAY)
        assert times[0] >= _start_of(PROGRAMME_START)
        *_, text, invite_again_on = rows[-1]
        assert invite_again_on == case.invite_again_on
        if case.status in EXITS:
            assert text
            assert case.invite_again_on is None or case.status in INVITE_AGAIN
    unbought = cases.filter(purchase__isnull=True)
    assert not unbought.exclude(status__in=CLOSED_STATUSES).exists()
    assert set(unbought.values_list("status", flat=True)) >= {"no_answer", "declined", "not_relevant", "moved_out"}
    assert unbought.filter(status="declined").exclude(invite_again_on=None).exists()
    bought = cases.filter(purchase__isnull=False)
    assert set(bought.values_list("status", flat=True)) <= {"after_purchase", "closed"}


def test_history_cases_were_opened_while_the_household_rented_and_never_overlap(demo):
    tenancies = defaultdict(list)  # a household's time in a dwelling: renewed contracts joined up
    for household_id, start, end, active, area in (Tenancy.objects.order_by("household_id", "start_date")
                                                   .values_list("household_id", "start_date", "end_date",
                                                                "is_active", "dwelling__area")):
        end = None if active else end
        rows = tenancies[household_id]
        if rows and rows[-1][2] == area and rows[-1][1] and start <= rows[-1][1] + dt.timedelta(days=1):
            rows[-1] = (rows[-1][0], end, area)
        else:
            rows.append((start, end, area))
    spans = defaultdict(list)
    for case in _history_cases().select_related("purchase").prefetch_related("events"):
        opened = timezone.localdate(case.created_at)
        until = (case.purchase.completed_on if hasattr(case, "purchase")
                 else timezone.localdate(case.status_changed_at))
        assert any(start < opened and (end is None or end >= until) and area == case.area
                   for start, end, area in tenancies[case.household_id]), case.pk
        spans[case.household_id].append((case.created_at, case.status_changed_at))
    for periods in spans.values():
        periods.sort()
        for (_, closed), (opened, _) in zip(periods, periods[1:], strict=False):
            assert closed < opened


def test_the_funnel_narrows_as_in_the_issue(demo):
    cohort = _history_cases().filter(created_at__lt=_start_of(dt.date(2015, 1, 1)), purchase__isnull=True)
    reached = Counter(CaseMilestone.objects.filter(case__in=cohort).values_list("stage", flat=True))
    invited = reached[Stage.INVITED]
    assert 900 <= invited <= 1300  # about 420, 380 and 300 a year
    assert 0.45 <= reached[Stage.ANSWERED] / invited <= 0.65
    assert 0.3 <= reached[Stage.CONVERSATION] / invited <= 0.5
    assert 0.18 <= reached[Stage.ASSESSED] / invited <= 0.32
    assert 0.09 <= reached[Stage.PLAN] / invited <= 0.19
    assert 0.04 <= reached[Stage.APPLIED] / invited <= 0.12
    assert 0 < reached[Stage.APPROVED] and reached[Stage.PURCHASED] == 0
    opened = Counter(timezone.localdate(at).year for at in _history_cases().values_list("created_at", flat=True))
    assert opened[2012] > opened[2013] > opened[2014] > opened[2016]
    assert all(100 <= opened[year] <= 260 for year in range(2016, 2026))
    assert CaseEvent.objects.count() < 30_000


def test_decisions_are_made_by_two_people(demo):
    decisions = Decision.objects.filter(case__in=_history_cases())
    assert decisions.filter(outcome="approved").exists() and decisions.filter(outcome="refused").exists()
    assert not decisions.filter(outcome="").exists()
    approver = User.objects.get(username="fullmaktshaver")
    for decision in decisions.select_related("case"):
        assert decision.decided_by == approver != decision.recommended_by
        assert decision.recommended_at < decision.decided_at
        assert decision.created_at == decision.recommended_at
    for purchase in Purchase.objects.all():
        startlan = Decision.objects.get(case=purchase.case_id, kind="startlan")
        assert startlan.amount == purchase.startlan and startlan.outcome == "approved"


def test_caseworkers_and_reassignments(demo):
    first = {}
    for case_id, events in _status_events().items():
        first[case_id] = events[0][4]
    caseworker, other = User.objects.get(username="saksbehandler"), User.objects.get(username="saksbehandler2")
    early = _history_cases().filter(created_at__lt=_start_of(dt.date(2014, 1, 1)))
    assert {first[pk] for pk in early.values_list("pk", flat=True)} == {caseworker.pk}
    later = [first[pk] for pk in _history_cases().filter(created_at__gte=_start_of(dt.date(2014, 1, 1)))
             .values_list("pk", flat=True)]
    assert later.count(caseworker.pk) > later.count(other.pk) > 0
    assigned = CaseEvent.objects.filter(kind=EventKind.ASSIGNED, case__in=_history_cases())
    assert assigned.exists()
    for event in assigned.select_related("case", "caseworker"):
        assert event.text.startswith("Fra ") and event.text.endswith(f" til {event.caseworker}.")
        later_events = CaseEvent.objects.filter(case=event.case, kind__in=STATUS_KINDS, at__gt=event.at)
        assert all(e.caseworker_id == event.caseworker_id for e in later_events[:1])
    for case in _history_cases().select_related("caseworker"):
        assert case.team_id == case.caseworker.team_id


def test_rebuilding_the_milestones_gives_the_rows_there_are(demo):
    def rows():
        return set(CaseMilestone.objects.values_list("case_id", "stage", "at", "caseworker_id"))

    before = rows()
    assert len(before) > 8_000
    milestones_rebuild()
    assert rows() == before


def test_the_same_seed_and_date_give_the_same_history(demo):
    def history(seed):
        _register_delete()
        generate_register(households=400, dwellings=300, seed=seed, today=TODAY,
                          teams={"main": Team.objects.get(name="Boligkontoret"),
                                 "north": Team.objects.get(name="Bydel Nord")})
        counts = demo_history_create(seed=seed, today=TODAY)
        # Sorted in Python: rows can tie on any ordering the database is asked for.
        purchases = sorted(Purchase.objects.values_list(
            "completed_on", "price", "startlan", "bank_loan", "grant", "equity", "bought_rented_dwelling", "address"))
        cases = sorted(Case.objects.values_list("created_at", "status", "area"))
        return counts, purchases, cases

    first = history(2012)
    assert first[0]["purchases"] == len(first[1]) > 20 and first[0]["cases"] > 500
    assert history(2012) == first
    assert history(7)[1] != first[1]


def test_a_demo_of_2013_has_the_history_up_to_then(demo):
    today = dt.date(2013, 6, 1)
    _load(reset=True, today=today)
    years = Counter(Purchase.objects.values_list("completed_on__year", flat=True))
    assert years[2012] == 11 and 0 < years[2013] < 17 and set(years) == {2012, 2013}
    assert max(Purchase.objects.values_list("completed_on", flat=True)) <= today - dt.timedelta(days=14)
    assert not CaseEvent.objects.filter(at__gte=_start_of(today), case__created_at__lt=_start_of(today)).exists()
    assert Case.objects.filter(created_at__lt=_start_of(dt.date(2013, 1, 1))).count() > 200
    assert not Case.objects.filter(created_at__lt=_start_of(today), purchase__isnull=True).exclude(
        status__in=CLOSED_STATUSES).exists()


def test_every_caseworker_sees_the_households_of_their_open_cases(demo):
    """The household follows its open case to the caseworker's team (people.access)."""
    from django.db.models import F

    from boligvei.cases.pipeline import CLOSED_STATUSES

    open_cases = Case.objects.exclude(status__in=CLOSED_STATUSES)
    assert open_cases.exists()
    assert not open_cases.exclude(household__team=F("caseworker__team")).exists()


def test_the_decisions_cite_the_guidelines_in_force_on_their_day(demo):
    """A decision of 2012–2013 cites the first version (where every municipal tenant was in the
    target group), a later one the second; each cites a target-group paragraph of its version."""
    decided = Decision.objects.filter(kind="startlan").exclude(outcome="").select_related("guideline")
    by_version = defaultdict(list)
    for decision in decided:
        assert decision.guideline is not None
        assert decision.guideline.valid_from <= timezone.localdate(decision.decided_at)
        by_version[decision.guideline.valid_from.year].append(decision)
    assert by_version[2012] and by_version[2013]
    assert any("§ 2 a" in d.guideline_paragraphs for d in by_version[2012])  # § 2 a: leier kommunal bolig
    assert all("§ 5" in d.guideline_paragraphs and "§ 6" in d.guideline_paragraphs for d in decided)
    assert any(p.startswith("§ 2 ") for d in by_version[2013] for p in d.guideline_paragraphs)
