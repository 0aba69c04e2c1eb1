import datetime as dt

from boligvei.housing.selectors import register_overview
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory


def test_the_overview_counts_a_known_register(db):
    TenancyFactory(dwelling__area="Lia", dwelling__rent_to_own_potential=True)
    TenancyFactory(dwelling__area="Sentrum")
    DwellingFactory(area="Lia", rent_to_own_potential=True)
    DwellingFactory(area="", rent_to_own_potential=False)
    DwellingFactory(area="Lia", status="sold", sold_on=dt.date(2026, 1, 5))
    WaitingListEntryFactory(priority=1)
    WaitingListEntryFactory(priority=3)
    WaitingListEntryFactory(status="withdrawn")

    overview = register_overview()

    assert overview["dwellings"] == {"total": 4, "vacant": 2, "potential": 2, "potential_let": 1}
    assert overview["active_tenancies"] == 2
    assert overview["waiting"] == {"total": 2, "urgent": 1}
    assert overview["areas"] == [{"area": "Lia", "total": 2, "potential": 2},
                                 {"area": "Sentrum", "total": 1, "potential": 0}]
