import datetime as dt

import factory

from boligvei.housing.models import (
    BuildingType, ContractType, Dwelling, NeedCategory, Tenancy, WaitingListEntry,
)
from tests.people.factories import HouseholdFactory


class DwellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dwelling

    street_address = factory.Sequence(lambda n: f"Bjørkeveien {n + 1}")
    postal_code = "3715"
    postal_place = "Fjordvik"
    municipality_number = "3999"
    area = "Sentrum"
    building_type = BuildingType.APARTMENT
    rooms = 3
    floor_area = 62
    rent_monthly = 9_800
    market_value = 2_400_000
    valuation_date = dt.date(2026, 3, 1)
    municipal_fees_monthly = 900


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    dwelling = factory.SubFactory(DwellingFactory)
    household = factory.SubFactory(HouseholdFactory)
    start_date = dt.date(2023, 5, 1)
    end_date = dt.date(2028, 4, 30)
    rent_monthly = 9_800
    contract_type = ContractType.FIXED_TERM
    is_active = True


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitingListEntry

    household = factory.SubFactory(HouseholdFactory)
    application_date = dt.date(2026, 2, 10)
    need_category = NeedCategory.FAMILY
