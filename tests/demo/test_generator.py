"""The full-size demo register: its size, its shape, and that nobody in it is a real person.

The demo is generated once for the module (about two seconds on SQLite) and removed afterwards,
so that other test modules start from an empty database.
"""

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest
from django.test import override_settings
from django.utils import timezone

from boligvei.core.models import Team, User
from boligvei.demo.generator import SOURCE_PREFIX, generate_register
from boligvei.demo.services import DEMO_STAFF, _register_delete, demo_load
from boligvei.housing.models import BuildingType, Dwelling, DwellingStatus, Tenancy, Tenure, WaitingListEntry
from boligvei.lib import identity
from boligvei.people.models import Household, Person, Relation
from boligvei.referrals.models import ReferralPartner
from tests.demo.conftest import FAST_HASHERS, clear_audit_log

TODAY = dt.date(2025, 11, 5)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        summary = demo_load(seed=2012, today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        _register_delete()
        ReferralPartner.objects.all().delete()  # configuration, kept by a reset, but not between tests
        clear_audit_log()
        User.objects.filter(username__in=[row[0] for row in DEMO_STAFF]).delete()
        Team.objects.all().delete()


pytestmark = pytest.mark.django_db


def test_it_has_the_size_of_skiens_programme(demo):
    assert 1150 <= Dwelling.objects.filter(source_id__startswith=f"{SOURCE_PREFIX}d").count() <= 1250
    # With the history's dwellings: freed by purchases and bought to renew the stock since 2012.
    assert 1150 <= Dwelling.objects.filter(status=DwellingStatus.IN_USE).count() <= 1350
    assert 1050 <= Tenancy.objects.filter(is_active=True).count() <= 1250
    assert 130 <= WaitingListEntry.objects.filter(status="waiting").count() <= 170
    assert Tenancy.objects.filter(is_active=False).count() >= 200
    assert demo.dwellings == Dwelling.objects.count()
    assert demo.persons == Person.objects.count()


def test_every_identity_number_is_synthetic_valid_and_matches_the_birth_date(demo):
    d_numbers = 0
    for person in Person.objects.all():
        number = identity.parse(person.identity_number(), allow_synthetic=True)
        assert number.is_synthetic
        assert not number.follows_2032_rule_only
        assert number.birth_date(today=timezone.localdate()) == person.birth_date
        d_numbers += number.is_d_number
    assert d_numbers > 0


def test_no_dwelling_has_two_active_tenancies_and_no_tenancies_overlap(demo):
    active = Counter(Tenancy.objects.filter(is_active=True).values_list("dwelling_id", flat=True))
    assert max(active.values()) == 1
    by_dwelling = defaultdict(list)
    for dwelling_id, start, end in Tenancy.objects.values_list("dwelling_id", "start_date", "end_date"):
        by_dwelling[dwelling_id].append((start, end))
    for periods in by_dwelling.values():
        periods.sort()
        for (_, earlier_end), (later_start, _) in zip(periods, periods[1:]):
            assert earlier_end is not None and earlier_end < later_start


def test_active_tenancies_are_on_dwellings_in_use_and_mostly_run_into_the_future(demo):
    active = Tenancy.objects.filter(is_active=True)
    assert not active.exclude(dwelling__status=DwellingStatus.IN_USE).exists()
    fixed = active.filter(contract_type="fixed_term")
    assert fixed.filter(end_date__gt=TODAY).count() / fixed.count() > 0.9
    assert active.filter(contract_type="indefinite").exists()
    assert not Tenancy.objects.filter(start_date__gt=TODAY).exists()


def test_tenants_were_adults_when_their_tenancy_started(demo):
    for start, birth in Tenancy.objects.filter(household__members__relation=Relation.MAIN).values_list(
            "start_date", "household__members__birth_date"):
        day = 28 if (birth.month, birth.day) == (2, 29) else birth.day
        assert start >= dt.date(birth.year + 18, birth.month, day)


def test_children_were_born_to_parents_of_plausible_age(demo):
    for household in Household.objects.prefetch_related("members"):
        mothers = [p for p in household.members.all()
                   if p.relation in (Relation.MAIN, Relation.PARTNER) and p.sex == "female"]
        for child in (p for p in household.members.all() if p.relation == Relation.CHILD):
            for mother in mothers:
                age_at_birth = (child.birth_date - mother.birth_date).days / 365.25
                assert 17.5 <= age_at_birth <= 46, (household.name, mother.first_name, child.first_name)


def test_household_name_is_the_main_person(demo):
    for household in Household.objects.prefetch_related("members")[:300]:
        main = household.main_person
        assert household.name == f"{main.last_name}, {main.first_name}"


def test_dwellings_are_plausible(demo):
    dwellings = Dwelling.objects.all()
    assert len({d.area for d in dwellings}) >= 8
    assert {d.building_type for d in dwellings} >= {BuildingType.APARTMENT, BuildingType.TERRACED,
                                                    BuildingType.DETACHED, BuildingType.SHARED}
    for dwelling in dwellings:
        assert re.fullmatch(r"[HKUL]\d{4}", dwelling.unit_number)
        assert dwelling.source_id.startswith(SOURCE_PREFIX)
        if dwelling.market_value is not None:
            assert TODAY - dt.timedelta(days=730) <= dwelling.valuation_date <= TODAY
            per_m2 = dwelling.price_with_common_debt / float(dwelling.floor_area)
            assert 24_000 <= per_m2 <= 42_000
        if dwelling.common_debt:
            assert dwelling.ownership_form == "cooperative"
        if dwelling.tenure == Tenure.RENTED_IN:
            assert dwelling.market_value is None and not dwelling.rent_to_own_potential
    owned = dwellings.filter(tenure=Tenure.OWNED, status=DwellingStatus.IN_USE).exclude(
        building_type=BuildingType.SHARED)
    share = owned.filter(rent_to_own_potential=True).count() / owned.count()
    assert 0.28 <= share <= 0.42


def test_contact_details_cannot_reach_anyone(demo):
    for phone, email in Person.objects.values_list("phone", "email"):
        assert phone == "" or re.fullmatch(r"000 \d\d \d\d\d", phone)
        assert email == "" or email.endswith("@example.com")
    assert Person.objects.filter(phone="").exists() and Person.objects.filter(email="").exists()


def test_the_mix_of_households_and_languages_is_plausible(demo):
    sizes = Counter(household.members.count() for household in Household.objects.all()[:600])
    assert 0.45 <= sizes[1] / 600 <= 0.75
    assert sum(count for size, count in sizes.items() if size >= 4) > 20
    languages = Counter(Person.objects.filter(relation=Relation.MAIN).values_list("preferred_language", flat=True))
    assert languages["nb"] > languages["nn"] > 0 and languages["en"] > 0 and languages["other"] > 0
    assert Person.objects.filter(needs_interpreter=True).exclude(interpreter_language="").exists()


def test_incomes_follow_their_type(demo):
    disability = Person.objects.filter(income_disability_benefit__gt=0).values_list(
        "income_disability_benefit", flat=True)
    assert disability and all(250_000 <= amount <= 380_000 for amount in disability)
    assert Person.objects.filter(relation=Relation.CHILD, income_child_benefit__gt=0).count() == 0
    assert Person.objects.filter(income_child_benefit__gt=0).exists()
    assert Person.objects.filter(income_pension__gt=0).exists()
    assert Person.objects.filter(income_housing_allowance__gt=0).exists()


def test_households_follow_the_teams(demo):
    assert Household.objects.filter(team__name="Bydel Nord").exists()
    assert not Household.objects.filter(team__isnull=True).exists()


def test_the_same_seed_and_date_give_the_same_register(demo):
    def snapshot():
        return list(Person.objects.order_by("id").values_list(
            "first_name", "last_name", "birth_date", "identity_number_hash"))

    first = snapshot()
    _register_delete()
    counts = generate_register(households=1600, dwellings=1200, seed=2012, today=TODAY)
    assert snapshot() == first[:counts.persons]  # the history's households come after the register's
    _register_delete()
    generate_register(households=1600, dwellings=1200, seed=7, today=TODAY)
    assert [row[:2] for row in snapshot()] != [row[:2] for row in first]


def test_the_demo_shows_a_programme_under_way(demo):
    from boligvei.cases.models import Case, Decision, FollowUpTask, Mapping
    from boligvei.outreach.models import Campaign, Letter

    # 60 cases at every stage, and one "invited" case per letter of the campaign sent a month ago,
    # opened now (the history's cases are back-dated: tests/demo/test_history.py)
    sent = Letter.objects.filter(status="sent")
    assert sent.exists() and Campaign.objects.filter(status="generated").exists()
    live = Case.objects.filter(created_at__gte=timezone.make_aware(dt.datetime.combine(TODAY, dt.time.min)))
    assert live.count() == 60 + sent.count()
    assert live.values("status").distinct().count() >= 6
    assert Decision.objects.filter(outcome="").exists()
    assert FollowUpTask.objects.filter(due_on__lt=TODAY).exists() and Mapping.objects.exists()


def test_the_demo_lets_a_freed_dwelling_as_a_decision_and_one_waits_for_a_second_approver(demo):
    from boligvei.cases.models import DecisionLetter, Letting

    decided = Letting.objects.get(status="decided")
    assert decided.tenancy.is_active and decided.entry.status == "allocated" and not decided.second_approval
    assert DecisionLetter.objects.filter(letting=decided, kind="letting").exists()
    waiting = Letting.objects.get(status="proposed")
    assert waiting.second_approval and waiting.entry.status == "waiting"
    assert waiting.proposed_by.username == "saksbehandler" and not waiting.letters.exists()
