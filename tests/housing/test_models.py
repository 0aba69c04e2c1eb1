"""The database refuses what the forms refuse, for two people saving at the same moment."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import HouseholdFactory


def _refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_the_database_allows_one_active_tenancy_per_dwelling(db):
    tenancy = TenancyFactory()
    _refused(TenancyFactory, dwelling=tenancy.dwelling)


def test_the_database_allows_a_new_tenancy_after_the_old_one_ended(db):
    tenancy = TenancyFactory(is_active=False, end_date=dt.date(2024, 1, 31))
    TenancyFactory(dwelling=tenancy.dwelling, start_date=dt.date(2024, 2, 1))


def test_the_database_allows_one_active_tenancy_per_household(db):
    tenancy = TenancyFactory()
    _refused(TenancyFactory, household=tenancy.household)


def test_the_database_refuses_a_tenancy_ending_before_it_starts(db):
    _refused(TenancyFactory, start_date=dt.date(2025, 1, 1), end_date=dt.date(2024, 1, 1))


def test_the_database_refuses_a_fixed_term_tenancy_without_end(db):
    _refused(TenancyFactory, end_date=None)


def test_the_database_refuses_a_market_value_without_a_date(db):
    _refused(DwellingFactory, valuation_date=None)


def test_the_database_allows_one_open_waiting_list_entry_per_household(db):
    household = HouseholdFactory()
    WaitingListEntryFactory(household=household)
    _refused(WaitingListEntryFactory, household=household)
    WaitingListEntryFactory(household=household, status="withdrawn")
