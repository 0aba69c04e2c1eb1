"""A tenant household in a municipal dwelling, ready to be invited."""

import datetime as dt

from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person


def tenant(*, area: str = "Sentrum", start_date: dt.date = dt.date(2023, 5, 1), potential: bool = False,
           **person_fields):
    household = household_with_main_person(**person_fields)
    tenancy = TenancyFactory(household=household, start_date=start_date, dwelling__area=area,
                             dwelling__rent_to_own_potential=potential)
    return household, tenancy
