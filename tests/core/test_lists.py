import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligvei.core.lists import RegisterPaginator
from boligvei.people.models import Household
from tests.people.factories import household_with_main_person


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("name", "id"), ("-name", "-id"), ("name", "-pk")])
def test_every_page_read_from_the_end_holds_what_paging_from_the_start_gives(order):
    for last_name in ["Berg", "Aas", "Berg", "Dahl", "Aas", "Berg", "Ås", "Moe", "Berg", "Aas", "Dahl"]:
        household_with_main_person(last_name=last_name)
    households = Household.objects.order_by(*order)
    ours, django = RegisterPaginator(households, 3, orphans=1), Paginator(households, 3, orphans=1)
    assert ours.num_pages == django.num_pages == 4
    for number in ours.page_range:
        assert list(ours.page(number)) == list(django.page(number)), number


@pytest.mark.django_db
def test_the_last_page_is_read_backwards_with_a_limit_rather_than_an_offset():
    for n in range(10):
        household_with_main_person(last_name=f"Navn{n}")
    with CaptureQueriesContext(connection) as queries:
        page = RegisterPaginator(Household.objects.order_by("name", "id"), 3).page(4)
        assert [household.name for household in page] == [Household.objects.order_by("name", "id").last().name]
    assert "DESC" in queries[-1]["sql"] and "OFFSET" not in queries[-1]["sql"]


@pytest.mark.django_db
def test_an_order_without_the_primary_key_last_pages_from_the_start():
    for n in range(10):
        household_with_main_person(last_name=f"Navn{n}")
    with CaptureQueriesContext(connection) as queries:
        list(RegisterPaginator(Household.objects.order_by("name"), 3).page(4))
    assert "OFFSET" in queries[-1]["sql"]
